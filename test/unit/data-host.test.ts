// NodeHost on a real temporary directory: glob, realpath through symbolic links, chunked reads.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSource } from "../../server/src/core/data/reader";
import { NodeHost } from "../../server/src/node/host";

let tmp: string;
let root: string;
let outside: string;
const host = new NodeHost();

beforeAll(() => {
  tmp = host.realpath(mkdtempSync(join(tmpdir(), "cx-host-")))!.replace(/\\/g, "/");
  root = `${tmp}/ws`;
  outside = `${tmp}/outside`;
  const files: Record<string, string> = {
    "ws/data/s-1.csv": "a\n1\n",
    "ws/data/s-2.csv": "a\n2\n",
    "ws/data/s-10.csv": "a\n10\n",
    "ws/data/x.json": "[]",
    "ws/data/notes.txt": "",
    "ws/data/.hidden.csv": "a\n",
    "ws/data/sub/a.csv": "a\n",
    "ws/data/sub/deep/b.csv": "a\n",
    "ws/data/.git/c.csv": "a\n",
    "ws/data/[x].csv": "a\n",
    "outside/secret.csv": "a\n",
    "outside/more/z.csv": "a\n",
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(tmp, p, ".."), { recursive: true });
    writeFileSync(join(tmp, p), text);
  }
  symlinkSync(`${root}/data/sub`, `${root}/data/link-in`, "dir");
  symlinkSync(outside, `${root}/data/link-out`, "dir");
  symlinkSync(`${outside}/secret.csv`, `${root}/data/secret-link.csv`, "file");
  symlinkSync(`${root}/data`, `${root}/data/sub/loop`, "dir"); // a cycle
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const rel = (paths: string[]) => paths.map((p) => p.slice(root.length + 1));

describe("NodeHost.glob", () => {
  it.each([
    ["data/s-*.csv", ["data/s-1.csv", "data/s-10.csv", "data/s-2.csv"]],
    ["data/s-?.csv", ["data/s-1.csv", "data/s-2.csv"]],
    ["data/s-[12].csv", ["data/s-1.csv", "data/s-2.csv"]],
    ["data/*.{json,txt}", ["data/notes.txt", "data/x.json"]],
    ["data/s-1.csv", ["data/s-1.csv"]],
    ["data/missing.csv", []],
    ["nowhere/*.csv", []],
    ["data/\\[x].csv", ["data/[x].csv"]],
    ["data/*/*.csv", ["data/link-in/a.csv", "data/sub/a.csv"]],
    [
      "data/**/*.csv",
      [
        "data/[x].csv",
        "data/link-in/a.csv",
        "data/link-in/deep/b.csv",
        "data/s-1.csv",
        "data/s-10.csv",
        "data/s-2.csv",
        "data/secret-link.csv",
        "data/sub/a.csv",
        "data/sub/deep/b.csv",
      ],
    ],
    ["data/**/b.csv", ["data/link-in/deep/b.csv", "data/sub/deep/b.csv"]],
    ["data/link-out/*.csv", ["data/link-out/secret.csv"]], // named literally: followed (callers check confinement)
  ])("%s", (pattern, expected) => {
    expect(rel(host.glob(`${root}/${pattern}`))).toEqual(expected);
  });

  it("does not follow a symlinked directory outside the pattern's base, nor loop", () => {
    const all = rel(host.glob(`${root}/data/**`));
    expect(all.some((p) => p.includes("link-out"))).toBe(false);
    expect(all.some((p) => p.includes("loop/"))).toBe(false);
    expect(all).toContain("data/sub/deep/b.csv");
  });

  it("matches braces while walking: {a,b} eighteen times, nested braces, backtracking stars", () => {
    const t0 = Date.now();
    expect(rel(host.glob(`${root}/data/${"{s,t}".repeat(18)}*.csv`))).toEqual([]);
    expect(rel(host.glob(`${root}/data/{x,{y,{z,${"{q,".repeat(17)}sub${"}".repeat(17)}}}}/a.csv`))).toEqual(["data/sub/a.csv"]);
    expect(rel(host.glob(`${root}/data/${"*s".repeat(12)}*x/*.csv`))).toEqual([]);
    expect(rel(host.glob(`${root}/data/{sub,link-in}/{a,deep/b}.csv`))).toEqual(["data/link-in/a.csv", "data/link-in/deep/b.csv", "data/sub/a.csv", "data/sub/deep/b.csv"]);
    expect(host.glob(`${root}/data/${"{".repeat(40)}a${"}".repeat(40)}.csv`)).toEqual([]); // past the limits
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe("NodeHost files", () => {
  it("resolves real paths through symbolic links", () => {
    expect(host.realpath(`${root}/data/secret-link.csv`)).toBe(`${outside}/secret.csv`);
    expect(host.realpath(`${root}/data/link-in/deep/b.csv`)).toBe(`${root}/data/sub/deep/b.csv`);
    expect(host.realpath(`${root}/data/nope.csv`)).toBeUndefined();
  });

  it("reads text and stats", () => {
    expect(host.readText(`${root}/data/s-1.csv`)).toBe("a\n1\n");
    expect(host.readText(`${root}/data/nope.csv`)).toBeUndefined();
    expect(host.stat(`${root}/data/s-10.csv`)).toMatchObject({ size: 5, isDirectory: false });
    expect(host.stat(`${root}/data`)?.isDirectory).toBe(true);
    expect(host.stat(`${root}/nope`)).toBeUndefined();
  });

  it("streams a file in chunks of at most 1 MiB", async () => {
    const size = 3 * 1024 * 1024 + 12345;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 11)) & 255;
    writeFileSync(`${tmp}/big.bin`, data);
    const copy = new Uint8Array(size);
    let at = 0;
    let chunks = 0;
    for await (const c of host.readChunks(`${tmp}/big.bin`)) {
      expect(c.length).toBeLessThanOrEqual(1 << 20);
      copy.set(c, at); // chunks share one buffer: copy before the next
      at += c.length;
      chunks++;
    }
    expect(at).toBe(size);
    expect(chunks).toBe(4);
    expect(Buffer.compare(Buffer.from(copy), Buffer.from(data))).toBe(0);
  });

  it("honours an AbortSignal and fails on a missing file", async () => {
    const ac = new AbortController();
    const it = host.readChunks(`${tmp}/big.bin`, ac.signal)[Symbol.asyncIterator]();
    await it.next();
    ac.abort();
    await expect(it.next()).rejects.toThrow();
    await expect(async () => {
      for await (const _ of host.readChunks(`${tmp}/none.bin`)) void _;
    }).rejects.toThrow();
  });

  it("reads a source end to end", async () => {
    const files = host.glob(`${root}/data/s-*.csv`);
    const r = await readSource({ name: "s", files, format: "csv", delimiter: "," }, new Map([["a", "integer"]]), host);
    const a = r.table.columns.get("a");
    expect(a?.type === "integer" && [...a.values]).toEqual([1, 10, 2]);
    expect([...r.table.fileOfRow!]).toEqual([0, 1, 2]);
    expect(r.diagnostics).toEqual([]);
  });

  it("reports a file that cannot be read as CX4001", async () => {
    const r = await readSource({ name: "s", files: [`${root}/data/gone.csv`], format: "csv", delimiter: "," }, new Map([["a", "integer"]]), host);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["CX4001", "error"]]);
    expect(r.missing).toEqual(["a"]);
  });
});
