// dist/cli.js: starts the `cx` bundle (dist/cx.js, built from main.ts) with V8's code cache
// (docs/performance.md, "CLI start-up"). Most runs of `cx` last a fraction of a second, and a
// large part of that is V8 parsing and compiling the 1.3 MB bundle. `npm run build` runs the CLI
// once on the bundled sample and saves the bytecode V8 compiled (dist/cx.js.cache, written by
// `script.createCachedData()`); later runs hand it back to V8, which then skips that work. This is
// what Node 22's `module.enableCompileCache()` does, which Node 20 lacks.
//
// The cache is only an accelerator: when it is absent, stale (the bundle's size and modification
// time are recorded in it), corrupt (its digest) or rejected by V8 (another Node version or other
// flags), the bundle is compiled as usual. CX_DEBUG_CODE_CACHE=1 says on stderr which case happened.
//
// It also starts the run with TurboFan off (server/src/cli/tiering.ts): short runs are faster
// without the optimizing compiler; it is switched on after 1 s, or sooner before a large read.
import { setFlagsFromString } from "node:v8";
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync, fstatSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import * as zlib from "node:zlib";
import { Script, constants } from "node:vm";

setFlagsFromString("--no-turbofan");
setTimeout(() => setFlagsFromString("--turbofan"), 1000).unref();

const bundle = join(__dirname, "cx.js");
const cacheFile = `${bundle}.cache`;
/**
 * The cache's header: the bundle's size and modification time (two float64), then the CRC-32 of
 * the bytecode (and four bytes of padding). V8 checks versions, flags and lengths but, in release
 * builds, not the bytes: corrupt bytecode would crash the process, so the digest is checked first.
 * CRC-32 (zlib's, native) rather than a cryptographic hash: it is there to catch damage, and
 * loading `node:crypto` and hashing took 8–14 ms of every start against 5–7 ms (docs/performance.md,
 * "Stop 20"). Node versions without `zlib.crc32` (before 20.15) use no cache.
 */
const STAMP = 16;
const HEADER = STAMP + 8;

const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const digest = (data: Uint8Array): Buffer => {
  const d = Buffer.alloc(8);
  d.writeUInt32LE(crc32!(data) >>> 0, 0);
  return d;
};

/** The bundle's size and modification time (whole milliseconds: copies that keep times keep those). */
function stamp(file: string): Float64Array {
  const s = statSync(file);
  return new Float64Array([s.size, Math.floor(s.mtimeMs)]);
}

/** The cached bytecode, when it was made from this very bundle ("stale" otherwise) and is intact. */
function readCache(current: Float64Array): Buffer | "absent" | "stale" | "corrupt" {
  if (!crc32) return "absent";
  let fd: number | undefined;
  try {
    fd = openSync(cacheFile, "r");
    const size = fstatSync(fd).size;
    if (size <= HEADER) return "stale";
    const data = Buffer.allocUnsafe(size);
    if (readSync(fd, data, 0, size, 0) !== size) return "stale";
    const head = new Float64Array(data.buffer.slice(data.byteOffset, data.byteOffset + STAMP));
    if (head[0] !== current[0] || head[1] !== current[1]) return "stale";
    const code = data.subarray(HEADER);
    if (!digest(code).equals(data.subarray(STAMP, HEADER))) return "corrupt";
    return code;
  } catch {
    return "absent";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let current: Float64Array;
try {
  current = stamp(bundle);
} catch {
  process.stderr.write(`cx: ${bundle} is missing: the installation is incomplete (from a checkout: npm run build)\n`);
  process.exit(2);
}
const cached = readCache(current);
const cachedData = typeof cached === "string" ? undefined : cached;
const source = readFileSync(bundle, "utf8").replace(/^#!.*/, "");
const script = new Script(Module.wrap(source), {
  filename: bundle,
  cachedData,
  // For an import() left in the bundle. (Node 20 loses this loader for code from the cache: the
  // bundle's own lazy loads, the database drivers included, use require().)
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (process.env.CX_DEBUG_CODE_CACHE === "1") {
  process.stderr.write(`cx: code cache ${typeof cached === "string" ? cached : script.cachedDataRejected ? "rejected" : "accepted"}\n`);
}
if (process.env.CX_WRITE_CODE_CACHE === "1" && crc32) {
  // `npm run build`: after the run, save what V8 compiled, under the flags later runs start with.
  process.once("exit", () => {
    setFlagsFromString("--no-turbofan");
    const data = script.createCachedData();
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(current.buffer), digest(data), data]));
  });
}

// The bundle runs as the CommonJS module it was built as, resolving from dist/ like any module there.
const mod = new Module(bundle, module);
mod.filename = bundle;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
mod.paths = (Module as any)._nodeModulePaths(dirname(bundle));
const req = ((id: string) => mod.require(id)) as NodeJS.Require;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
req.resolve = ((id: string) => (Module as any)._resolveFilename(id, mod)) as NodeJS.RequireResolve;
req.main = mod;
req.cache = require.cache;
mod.loaded = true;
(script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, req, mod, bundle, dirname(bundle));
