// Protocol tests of SQL sources in the editor (engines.md §3): the bundled server on a copy of
// test/fixtures/lsp/sql with a DuckDB connection (embedded, in memory) whose query reads
// data/live.csv through `read_csv`, so that the test can change the data the query sees.
// Queries run when the server evaluates (first evaluation, save, request), never for an
// evaluation started by typing; results are cached by query text and as-of date; an explicit
// request runs them afresh; an untrusted workspace makes no connection.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionList, Hover } from "vscode-languageserver-protocol";
import { buildServer, ROOT, TestClient, uri } from "./client";
import { copyFixture, type FixtureCopy } from "./fixtures";

let ws: FixtureCopy;
let client: TestClient;

const sqlString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const sqlLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;
const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");
const at = (name: string) => {
  const m = ws.marker(name);
  return { textDocument: { uri: uri(m.path) }, position: m.position };
};

type Report = { metrics: { name: string; value: number | null; sql?: string }[]; diagnostics: { code: string; severity: string; message: string }[] };

function writeSources(dir: string, dbPath: string, live: string, answersQuery?: string): void {
  const query = `select * from read_csv(${sqlLiteral(live)}, header = true)`;
  writeFileSync(join(dir, "cx.yaml"), `asOf: 2026-06-30\nconnections:\n  warehouse:\n    engine: duckdb\n    path: ${JSON.stringify(dbPath)}\n`);
  writeFileSync(
    join(dir, "sources.cx"),
    [
      "source answers {",
      "  connection: warehouse",
      `  sql: ${sqlString(answersQuery ?? query)}`,
      "  timestamp: answered_at",
      "  columns {",
      "    answered_at: date",
      "    score: integer",
      "    region: text",
      "  }",
      "}",
      "",
      "// No columns: they come from the engine's schema.",
      "source untyped {",
      "  connection: warehouse",
      `  sql: ${sqlString(query)}`,
      "}",
      "",
      "source local {",
      '  file: "data/local.csv"',
      "}",
      "",
    ].join("\n"),
  );
}

beforeAll(async () => {
  buildServer();
  ws = copyFixture(join(ROOT, "test/fixtures/lsp/sql"));
  writeSources(ws.dir, ":memory:", join(ws.dir, "data/live.csv"));
  client = await TestClient.start({ folders: [ws.dir], settings: { evaluation: { trigger: "onType" } } });
  for (const f of ws.files.values()) client.open(f.path, f.text);
  await client.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(ws.dir));
});

afterAll(async () => {
  await client?.stop();
});

describe("SQL sources", () => {
  it("evaluates them when the workspace is first evaluated, and shows the metric's SQL in its hover", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("nps")));
    expect(text).toContain("**25.0 pts**");
    expect(text).toContain("Data: queries on `warehouse`, run when the workspace is evaluated");
    // Collapsed: this client announced no command, so the SQL is in a details block.
    expect(text).toMatch(/<details><summary>Show SQL \(\d+ lines\)<\/summary>\n\n```sql\n-- source answers \(duckdb\)\n/);
    expect(text).toContain("read_csv(");
  });

  it("reads the columns of a source without columns from the engine's schema", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("untyped-col")));
    expect(text).toContain("column **`untyped.score`** — integer");
    const d = await client.waitDiagnostics(uri(ws.marker("untyped-col").path), (list) => !list.some((x) => x.code === "CX2003"));
    expect(d.filter((x) => x.severity === 1)).toEqual([]);
    // Completion offers them…
    const list = await client.request<CompletionList>("textDocument/completion", at("untyped-col"));
    expect((list?.items ?? []).map((i) => i.label)).toEqual(expect.arrayContaining(["answered_at", "score", "region"]));
    // …and the checker knows them: a column the engine does not have is CX2003 while typing (no query runs for that).
    const f = ws.files.get("metrics.cx")!;
    const before = client.notifications.length;
    client.change(f.path, f.text.replace("avg(untyped.score)", "avg(untyped.scores)"));
    const bad = await client.waitDiagnostics(uri(f.path), (list) => list.some((x) => x.code === "CX2003"));
    expect(bad.find((x) => x.code === "CX2003")!.message).toContain("scores");
    client.change(f.path, f.text);
    await client.waitDiagnostics(uri(f.path), (list) => !list.some((x) => x.code === "CX2003"));
    // The evaluations after typing run no query (all of them are cached).
    await client.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(ws.dir), before);
    const runs = client.notifications.slice(before).filter((n) => n.method === "window/logMessage" && (n.params as { message: string }).message.includes("running its queries"));
    expect(runs).toEqual([]);
  });

  it("puts each SQL metric's SQL in the report of cx/evaluate", async () => {
    const report = await client.request<Report>("cx/evaluate", { uri: uri(ws.dir) });
    const nps = report.metrics.find((m) => m.name === "live_nps")!;
    expect(nps.value).toBe(25);
    expect(nps.sql).toContain("-- source answers (duckdb)");
    expect(report.metrics.find((m) => m.name === "local_count")!.sql).toBeUndefined();
  });

  it("caches results by query text: a save does not run the same query again, a request does", async () => {
    appendFileSync(join(ws.dir, "data/live.csv"), "2026-06-05,10,US\n");
    const metrics = ws.marker("nps").path;
    let before = client.notifications.length;
    client.save(metrics);
    await client.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(ws.dir), before);
    expect(hoverText(await client.request<Hover>("textDocument/hover", at("nps")))).toContain("**25.0 pts**");
    before = client.notifications.length;
    const report = await client.request<Report>("cx/evaluate", { uri: uri(ws.dir) });
    expect(report.metrics.find((m) => m.name === "live_nps")!.value).toBe(40);
    await client.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(ws.dir), before);
    expect(hoverText(await client.request<Hover>("textDocument/hover", at("nps")))).toContain("**40.0 pts**");
  });

  it("does not run a changed query while typing, and runs it on save", async () => {
    const f = ws.files.get("metrics.cx")!;
    const edited = f.text.replace("value: nps(answers.score)", 'value: nps(answers.score where region == "US")');
    expect(edited).not.toBe(f.text);
    let before = client.notifications.length;
    client.change(f.path, edited);
    // The evaluation after typing (cx.evaluation.trigger onType) leaves the new query alone and says so.
    await client.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(ws.dir), before);
    const sources = uri(join(ws.dir, "sources.cx"));
    const d = await client.waitDiagnostics(sources, (list) => list.some((x) => x.code === "CX4001"));
    const note = d.find((x) => x.code === "CX4001")!;
    expect(note.severity).toBe(3); // information, not an error
    expect(note.message).toContain("not run while you type");
    expect(hoverText(await client.request<Hover>("textDocument/hover", at("nps")))).toContain("no data");
    // Saving runs it: US answers 3, 8, 10 → (1 − 1) / 3 = 0 points.
    writeFileSync(f.path, edited);
    before = client.notifications.length;
    client.save(f.path);
    await client.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(ws.dir), before);
    await client.waitDiagnostics(sources, (list) => !list.some((x) => x.code === "CX4001"));
    expect(hoverText(await client.request<Hover>("textDocument/hover", at("nps")))).toContain("**0.0 pts**");
  });
});

describe.skipIf(process.platform === "win32")("a query that an edit makes stale", () => {
  let slow: FixtureCopy;
  let c: TestClient;
  let fifo: string;
  type Log = { message: string };

  beforeAll(async () => {
    slow = copyFixture(join(ROOT, "test/fixtures/lsp/sql"));
    const live = join(slow.dir, "data/live.csv");
    // The query of `answers` first reads a named pipe (so the test knows when DuckDB is running it:
    // opening the pipe for writing waits for its reader), then counts over 10^12 numbers — far
    // longer than any test, unless the engine is interrupted.
    fifo = join(slow.dir, "data/gate.fifo");
    execFileSync("mkfifo", [fifo]);
    const gate = `select max(column0) as m from read_csv(${sqlLiteral(fifo)}, columns = {'column0': 'INTEGER'}, header = false, auto_detect = false)`;
    const query = `select l.* from read_csv(${sqlLiteral(live)}, header = true) l where (select count(*) from range(1000000000000) t(i) join (${gate}) f on i % 7 = f.m) >= 0`;
    writeSources(slow.dir, ":memory:", live, query);
    c = await TestClient.start({ folders: [slow.dir] });
    for (const f of slow.files.values()) c.open(f.path, f.text);
  });

  afterAll(async () => {
    await c?.stop();
  });

  it("is cancelled on the engine, and the evaluation after the edit runs no query", async () => {
    // The first evaluation runs the query of `answers`: DuckDB opens the pipe…
    const w = await open(fifo, "w");
    await w.write("3\n");
    await w.close();
    const f = slow.files.get("metrics.cx")!;
    const before = c.notifications.length;
    c.change(f.path, f.text.replace("value: nps(answers.score)", "value: nps(answers.score where score > 0)"));
    // …and the edit cancels it (DuckDB is interrupted: the count would otherwise go on for long)…
    await c.waitNotification<Log>("window/logMessage", (p) => p.message.includes("source 'answers': queries cancelled"), before);
    // …and the evaluation of the edited text leaves the changed query alone and says so.
    await c.waitNotification("cx/evaluated", (p: { uri: string }) => p.uri === uri(slow.dir), before);
    const d = await c.waitDiagnostics(uri(join(slow.dir, "sources.cx")), (list) => list.some((x) => x.code === "CX4001"));
    expect(d.filter((x) => x.code === "CX4001").map((x) => [x.severity, x.message])).toEqual([
      [3, "Source 'answers': its query is not run while you type; it runs when a file is saved or the workspace is evaluated"],
    ]);
    const runs = c.notifications.slice(before).filter((n) => n.method === "window/logMessage" && (n.params as Log).message.includes("running its queries on connection"));
    expect(runs).toEqual([]);
  });
});

describe("SQL sources in an untrusted workspace", () => {
  let untrusted: FixtureCopy;
  let c: TestClient;
  const db = () => join(untrusted.dir, "never.duckdb");

  beforeAll(async () => {
    untrusted = copyFixture(join(ROOT, "test/fixtures/lsp/sql"));
    writeSources(untrusted.dir, db(), join(untrusted.dir, "data/live.csv"));
    c = await TestClient.start({ folders: [untrusted.dir], trusted: false, initializationOptions: { commands: { showSql: "cx.showSql" } } });
    for (const f of untrusted.files.values()) c.open(f.path, f.text);
  });

  afterAll(async () => {
    await c?.stop();
  });

  it("makes no connection, and says so in hovers and in the report", async () => {
    const m = untrusted.marker("nps");
    const h = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: uri(m.path) }, position: m.position }));
    expect(h).toContain("no connection is made in an untrusted workspace");
    // The client announced its command: the SQL is behind a command link.
    expect(h).toMatch(/\[Show SQL\]\(command:cx\.showSql\?%5B%22live_nps%22%2C%22--%20source%20answers%20/);
    const report = await c.request<Report>("cx/evaluate", { uri: uri(untrusted.dir) });
    expect(report.metrics.find((x) => x.name === "live_nps")!.value).toBeNull();
    const notes = report.diagnostics.filter((d) => d.code === "CX4001");
    expect(notes.map((d) => [d.severity, d.message])).toEqual([
      ["info", "Source 'answers': no connection is made in an untrusted workspace; trust the workspace to run its query."],
      ["info", "Source 'untyped': no connection is made in an untrusted workspace; trust the workspace to run its query."],
    ]);
    // DuckDB creates its database file when it connects: there is none.
    expect(existsSync(db())).toBe(false);
  });
});
