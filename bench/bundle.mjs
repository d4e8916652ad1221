// Bundles TypeScript exports of the project (given as module source) into one CommonJS file that
// the benchmark's processes load: the one esbuild call every bench script shares.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** `exports`: lines of `export … from "./server/src/…"`; `external`: packages left to require at run time. */
export async function bundleExports(exports, outfile, external = []) {
  const esbuild = await import("esbuild");
  await esbuild.build({
    stdin: { contents: [].concat(exports).join("\n"), resolveDir: root, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    external,
    logLevel: "warning",
  });
}
