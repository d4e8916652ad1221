// Memory over many edits: a few hundred edits among hostile documents (a formula of 2,000 terms that
// changes with every edit, a source renamed again and again so that its data is read under new
// names) must not make the server keep more and more. The server runs with --expose-gc and
// CX_DEBUG_MEMORY=1, which adds the request `cx/debugMemory` (heap of both threads after a GC).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hover } from "vscode-languageserver-protocol";
import { buildServer, TestClient, uri } from "./client";

interface Memory {
  main: { heapUsed: number; arrayBuffers: number };
  worker?: { heapUsed: number; arrayBuffers: number; cachedSources: number };
  gcExposed: boolean;
}

let client: TestClient | undefined;

beforeAll(() => {
  buildServer();
});

afterAll(async () => {
  await client?.stop();
});

const MB = 1024 * 1024;

it("keeps memory bounded over hundreds of edits among hostile documents", { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "cx-memory-")).split("\\").join("/");
  mkdirSync(`${dir}/data`);
  const rows = ["id,score,channel"];
  for (let i = 0; i < 50_000; i++) rows.push(`${i},${i % 11},${i % 3 ? "web" : "app"}`);
  writeFileSync(`${dir}/data/s.csv`, rows.join("\n") + "\n");
  const hostile = (n: number) => `metric huge {\n  value: ${Array.from({ length: n }, () => "count(s)").join(" + ")}\n}\n`;
  const main = (i: number) => {
    const src = `s${Math.floor(i / 10)}`; // renamed every 10 edits: its data is cached under a new name
    return [
      `source ${src} { file: "data/s.csv" }`,
      `metric nps_${i % 5} { value: nps(${src}.score where channel == "web") }`,
      `metric rows { value: count(${src}) + ${i} }`,
      `goal g { metric: rows  target: >= 0 }`,
      "",
    ].join("\n");
  };
  writeFileSync(`${dir}/hostile.cx`, hostile(2000).replace(/count\(s\)/g, "count(s0)"));
  writeFileSync(`${dir}/main.cx`, main(0));
  client = await TestClient.start({ folders: [dir], execArgv: ["--expose-gc"], env: { CX_DEBUG_MEMORY: "1" } });
  const c = client;
  const hostileUri = c.open(`${dir}/hostile.cx`, hostile(2000).replace(/count\(s\)/g, "count(s0)"));
  const mainUri = c.open(`${dir}/main.cx`, main(0));
  await c.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(dir));

  const edit = async (i: number) => {
    const src = `s${Math.floor(i / 10)}`;
    if (i % 2) c.change(`${dir}/hostile.cx`, hostile(2000 + (i % 13)).replace(/count\(s\)/g, `count(${src})`));
    else c.change(`${dir}/main.cx`, main(i));
    // A hover analyses the current text at once (no waiting for the debounce).
    const h = await c.request<Hover>("textDocument/hover", { textDocument: { uri: mainUri }, position: { line: 2, character: 8 } });
    expect(h).not.toBeNull();
    if (i % 10 === 9) {
      // Save: the worker evaluates (and reads the data under the source's new name).
      const before = c.notifications.length;
      writeFileSync(`${dir}/main.cx`, main(i - 1));
      c.save(`${dir}/main.cx`);
      await c.waitNotification("cx/evaluated", () => true, before);
    }
  };
  const memory = async () => {
    const m = await c.request<Memory>("cx/debugMemory", {});
    expect(m.gcExposed).toBe(true);
    return m;
  };
  const total = (m: Memory) => m.main.heapUsed + (m.worker?.heapUsed ?? 0) + (m.worker?.arrayBuffers ?? 0);

  for (let i = 0; i < 50; i++) await edit(i);
  const early = await memory();
  for (let i = 50; i < 350; i++) await edit(i);
  const late = await memory();
  void hostileUri;
  const report = `after 50 edits: main ${(early.main.heapUsed / MB).toFixed(1)} MB, worker ${((early.worker?.heapUsed ?? 0) / MB).toFixed(1)} MB + ${((early.worker?.arrayBuffers ?? 0) / MB).toFixed(1)} MB buffers; after 350: main ${(late.main.heapUsed / MB).toFixed(1)} MB, worker ${((late.worker?.heapUsed ?? 0) / MB).toFixed(1)} MB + ${((late.worker?.arrayBuffers ?? 0) / MB).toFixed(1)} MB buffers`;
  console.log(report);
  // The data of renamed sources is dropped: the worker keeps the current source's only.
  expect(late.worker?.cachedSources, report).toBeLessThanOrEqual(2);
  // 300 more edits keep the heap where it was (a retained parse of the hostile file is ~1 MB, one
  // table of the data ~1 MB): within 20% plus 4 MB.
  expect(total(late), report).toBeLessThan(total(early) * 1.2 + 4 * MB);
});
