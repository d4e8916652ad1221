// The database drivers are optional: where @duckdb/node-api or pg is not installed, opening an
// engine fails with a message that says what to install — and nothing else breaks. The Node side
// is bundled as dist/cli.js bundles it (drivers external) and run from a directory without
// node_modules, so the real module resolution fails.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { project } from "./workspaces";

describe("missing drivers", () => {
  it("opening DuckDB or PostgreSQL without the package is a message naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-no-drivers-"));
    const entry = join(dir, "entry.ts");
    writeFileSync(
      entry,
      `import { openFileEngine, openConnection } from ${JSON.stringify(join(project, "server/src/node/engines/connect"))};
       const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
       (async () => {
         const duck = await openFileEngine();
         const pg = await openConnection({ name: "w", engine: "postgres", ok: true, range: ZERO, settings: new Map([["url", { value: "postgres://x@127.0.0.1/db", range: ZERO }]]) });
         console.log(JSON.stringify({ duck, pg }));
       })();`,
    );
    const out = join(dir, "bundle.js");
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: "node", format: "cjs", target: "node20", external: ["@duckdb/node-api", "pg", "pg-native"], logLevel: "silent" });
    const r = spawnSync(process.execPath, [out], { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    expect(r.status, r.stderr).toBe(0);
    const { duck, pg } = JSON.parse(r.stdout);
    expect(duck.ok).toBe(false);
    expect(duck.message).toMatch(/needs the package @duckdb\/node-api, which is not installed/);
    expect(pg.ok).toBe(false);
    expect(pg.message).toMatch(/needs the package pg, which is not installed/);
  });
});
