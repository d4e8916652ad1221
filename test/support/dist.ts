// Test suites run bundled programs (dist/cli.js, dist/server.js). `built()` builds dist/ when it is
// older than the sources and hands out a private, complete copy: suites run in parallel and may
// rebuild dist/ while others start processes from it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

const snapshots = new Map<string, string>();

/** Bundles a program starts from its own directory (the server's evaluation worker, the bundle dist/cli.js launches). */
const COMPANIONS: Record<string, string[]> = { "server.js": ["evalWorker.js"], "cli.js": ["cx.js"] };

/**
 * Builds dist/ with `node esbuild.mjs` unless it is newer than every source (npm test builds
 * first), then returns a private copy of dist/NAME (with the bundles it starts beside it): other
 * suites rebuild dist/ while these tests run, and a process must never start from a half-written
 * bundle.
 */
export function built(name: "server.js" | "cli.js"): string {
  const known = snapshots.get(name);
  if (known) return known;
  const file = join(ROOT, "dist", name);
  const companions = COMPANIONS[name] ?? [];
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
      const p = join(dir, e.name);
      return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  const sources = Math.max(newest(join(ROOT, "server/src")), statSync(join(ROOT, "package.json")).mtimeMs);
  if (![file, ...companions.map((c) => join(ROOT, "dist", c))].every((f) => existsSync(f) && statSync(f).mtimeMs > sources)) {
    const r = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
  const dir = mkdtempSync(join(tmpdir(), "cx-dist-"));
  for (const n of [...companions, name]) copyComplete(n, dir);
  // The optional database drivers (external to the bundles, imported at run time) resolve from
  // node_modules beside the bundle, as in an installed package.
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const copy = join(dir, name);
  snapshots.set(name, copy);
  return copy;
}

function copyComplete(name: string, dir: string): void {
  const file = join(ROOT, "dist", name);
  for (let attempt = 0; attempt < 100; attempt++) {
    const text = readFileSync(file, "utf8");
    if (text.trimEnd().endsWith(`//# sourceMappingURL=${name}.map`)) {
      writeFileSync(join(dir, name), text);
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // being rewritten: wait and retry
  }
  throw new Error(`dist/${name} is incomplete`);
}

