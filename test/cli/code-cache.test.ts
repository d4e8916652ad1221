// dist/cli.js starts dist/cx.js with V8's code cache (server/src/cli/launch.ts): the cache is an
// accelerator only. Made from this bundle it is accepted; stale, corrupt or absent, the bundle is
// compiled as usual — and every run prints the same report.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { built, ROOT } from "../support/dist";

let dir = "";
const RETAIL = join(ROOT, "samples/retail");

function run(env: Record<string, string> = {}, args = ["eval", "--format", "json", RETAIL]) {
  const r = spawnSync(process.execPath, [join(dir, "cli.js"), ...args], { encoding: "utf8", env: { ...process.env, CX_DEBUG_CODE_CACHE: "1", ...env } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, cache: /cx: code cache (\w+)/.exec(r.stderr)?.[1], stderr: r.stderr };
}

beforeAll(() => {
  const cli = built("cli.js"); // (a private copy of dist/, with cx.js beside it)
  dir = mkdtempSync(join(tmpdir(), "cx-code-cache-"));
  for (const f of ["cli.js", "cx.js"]) copyFileSync(join(dirname(cli), f), join(dir, f));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
});

describe("the CLI's code cache", () => {
  it("is made by the build", () => {
    expect(existsSync(join(ROOT, "dist/cx.js.cache"))).toBe(true);
    expect(statSync(join(ROOT, "dist/cx.js.cache")).size).toBeGreaterThan(100_000);
  });

  it("is accepted when made from the bundle, ignored when stale or corrupt, and never changes the report", () => {
    rmSync(join(dir, "cx.js.cache"), { force: true });
    const plain = run();
    expect(plain.cache).toBe("absent");
    expect([0, 1]).toContain(plain.status);
    const report = JSON.parse(plain.stdout);
    expect(report.metrics.length).toBeGreaterThan(10);

    const made = run({ CX_WRITE_CODE_CACHE: "1" });
    expect(made.stdout).toBe(plain.stdout);
    expect(existsSync(join(dir, "cx.js.cache"))).toBe(true);

    const cached = run();
    expect(cached.cache).toBe("accepted");
    expect(cached.stdout).toBe(plain.stdout);
    expect(cached.status).toBe(plain.status);

    // Corrupt bytecode (V8 would crash on it): its digest no longer matches; compiled from source.
    const good = readFileSync(join(dir, "cx.js.cache"));
    const data = Buffer.from(good);
    for (let i = 64; i < data.length; i += 997) data[i] ^= 0x5a;
    writeFileSync(join(dir, "cx.js.cache"), data);
    const corrupt = run();
    expect(corrupt.cache, `${corrupt.status} ${corrupt.signal} ${corrupt.stderr}`).toBe("corrupt");
    expect(corrupt.stdout).toBe(plain.stdout);
    // Cut short (a write that did not finish): the digest again.
    writeFileSync(join(dir, "cx.js.cache"), good.subarray(0, good.length >> 1));
    expect(run().cache).toBe("corrupt");
    // Made under other V8 flags: V8 itself rejects it.
    writeFileSync(join(dir, "cx.js.cache"), good);
    const flagged = spawnSync(process.execPath, ["--max-lazy", join(dir, "cli.js"), "eval", "--format", "json", RETAIL], { encoding: "utf8", env: { ...process.env, CX_DEBUG_CODE_CACHE: "1" } });
    expect(flagged.stderr).toMatch(/code cache rejected/);
    expect(flagged.stdout).toBe(plain.stdout);

    // A bundle rebuilt after the cache was made (another modification time): not used at all.
    run({ CX_WRITE_CODE_CACHE: "1" });
    const t = new Date(Date.now() + 5000);
    utimesSync(join(dir, "cx.js"), t, t);
    const stale = run();
    expect(stale.cache).toBe("stale");
    expect(stale.stdout).toBe(plain.stdout);
  });

  it("loads the database drivers lazily, with require() (import() has no loader in a bundle run from the code cache)", () => {
    const r = run({}, ["eval", "--engine", "duckdb", "--format", "json", RETAIL]);
    expect(r.stderr).not.toMatch(/ERR_VM_DYNAMIC_IMPORT|dynamic import callback/i);
    expect([0, 1], `${r.signal} ${r.stderr}`).toContain(r.status);
    expect(JSON.parse(r.stdout).metrics.length).toBeGreaterThan(10);
  });
});
