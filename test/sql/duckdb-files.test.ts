// File sources on DuckDB against the reference executor on the native reader's table: globs whose
// files differ in columns, delimiters, empty files, JSON arrays, and the sources DuckDB does not
// read itself (malformed CSV, YAML, other encodings, a UTF-16 byte-order mark), which go through
// the native reader and a loaded table. Also `from` header resolution on DuckDB's readers.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceAccess, SourcePlan } from "../../server/src/core/plan/plan";
import type { ColumnType } from "../../server/src/core/data/table";
import { runReference } from "../../server/src/core/engines/reference/executor";
import { UTC } from "../../server/src/core/time/zone";
import { NodeHost } from "../../server/src/node/host";
import { SqlEngines, readNativeTable } from "../../server/src/node/engines";
import { col, measure, plan } from "./builder";
import { compareOutputs } from "./compare";

const dir = mkdtempSync(join(tmpdir(), "cx-duckdb-files-"));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const host = new NodeHost();
const engines = new SqlEngines({ host });
afterAll(() => engines.close());

const access = (files: string[], format: "csv" | "json" | "jsonl" | "yaml", opts: { delimiter?: string; encoding?: "utf-8" | "latin1" | "utf-16" } = {}): SourceAccess => ({
  kind: "files",
  files,
  format,
  delimiter: opts.delimiter ?? ",",
  encoding: opts.encoding ?? "utf-8",
});

function planOf(a: SourceAccess, columns: Record<string, ColumnType>): SourcePlan {
  const measures = [measure("rows", { key: "rows" })];
  for (const [name, t] of Object.entries(columns)) {
    measures.push(measure("values", { key: `values ${name}`, arg: col(name, t === "integer" ? "number" : t) }));
    measures.push(measure("distinct", { key: `distinct ${name}`, arg: col(name, t === "integer" ? "number" : t) }));
    if (t === "number" || t === "integer") measures.push(measure("moments", { key: `moments ${name}`, arg: col(name, "number"), breakdown: { by: ["store"] } }));
  }
  return plan({ source: "s", access: a, columns, measures });
}

async function check(p: SourcePlan): Promise<{ problems: string[]; loaded: boolean }> {
  const table = await readNativeTable(p, host, "UTC");
  const want = runReference(p, table!, UTC);
  const r = await engines.run(p, "UTC");
  if (!r.ok) throw new Error(r.message);
  return { problems: compareOutputs(p, r.output, want), loaded: r.rendered.notes.some((n) => n.includes("native reader")) };
}

const COLS: Record<string, ColumnType> = { id: "integer", store: "text", score: "number" };

describe("file sources on DuckDB equal the reference executor", () => {
  it("a glob whose files order their columns differently: read by name", async () => {
    const a = file("g1.csv", "id,store,score\n1,north,9\n2,south,7\n");
    const b = file("g2.csv", "score,id,store\n10,3,x\n,4,y\n");
    const c = file("g3.csv", "id,store,score\n5,north,3.5\n");
    const r = await check(planOf(access([a, b, c], "csv"), COLS));
    expect(r.problems).toEqual([]);
    expect(r.loaded).toBe(false);
  });

  it("a glob whose files have other columns is data with an error on both: no values", async () => {
    const a = file("d1.csv", "id,store,score\n1,north,9\n");
    const b = file("d2.csv", "id,score,extra\n2,7,x\n");
    const p = planOf(access([a, b], "csv"), COLS);
    await expect(readNativeTable(p, host, "UTC")).rejects.toThrow(/error/);
    const r = await engines.run(p, "UTC");
    expect(r.ok).toBe(false);
  });

  it("delimiters ; and tab, quoted fields with delimiters and line breaks, an empty file", async () => {
    const semi = file("semi.csv", 'id;store;score\n1;"a;b";2,5\n2;"line\nbreak";3\n3;"say ""hi""";\n');
    expect((await check(planOf(access([semi], "csv", { delimiter: ";" }), COLS))).problems).toEqual([]);
    const tab = file("tab.tsv", "id\tstore\tscore\n1\tx y\t4\n2\t\t5\n");
    expect((await check(planOf(access([tab], "csv", { delimiter: "\t" }), COLS))).problems).toEqual([]);
    const empty = file("empty.csv", "id,store,score\n");
    expect((await check(planOf(access([empty], "csv"), COLS))).problems).toEqual([]);
  });

  it("JSON arrays and JSONL: keys of all records, nested values and JSON null are null", async () => {
    const arr = file("a.json", JSON.stringify([{ id: 1, store: "n", score: 9 }, { id: 2, score: { x: 1 } }, { id: 3, store: null, score: 7.5, more: true }]));
    expect((await check(planOf(access([arr], "json"), COLS))).problems).toEqual([]);
    const lines = file("l.jsonl", '{"id": 1, "store": "n", "score": 9}\n\n{"id": "2", "store": ["x"], "score": "8"}\n{"score": 1e2}\n');
    expect((await check(planOf(access([lines], "jsonl"), COLS))).problems).toEqual([]);
  });

  it("what DuckDB cannot read as natively goes through the native reader", async () => {
    // Ragged records are warnings natively (read, with nulls / extras ignored); DuckDB rejects them.
    const malformed = file("bad.csv", "id,store,score\n1,north\n2,south,7,extra\n3,east,5\n");
    const yaml = file("s.yaml", "- id: 1\n  store: north\n  score: 9\n- id: 2\n  store: south\n");
    const latin1 = file("l1.csv", Buffer.from("id,store,score\n1,M\xfcnchen,9\n", "latin1"));
    const bom16 = file("u16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,store,score\n1,north,9\n", "utf16le")]));
    const cases: [string, SourceAccess][] = [
      ["malformed CSV", access([malformed], "csv")],
      ["YAML", access([yaml], "yaml")],
      ["latin1", access([latin1], "csv", { encoding: "latin1" })],
      ["UTF-16 byte-order mark", access([bom16], "csv")],
    ];
    for (const [what, a] of cases) {
      const r = await check(planOf(a, COLS));
      expect(r.problems, what).toEqual([]);
      expect(r.loaded, what).toBe(true);
    }
  });
});

describe("header resolution on DuckDB's readers (language-v2 §9.1)", () => {
  it("exact, else the one header equal ignoring case and surrounding spaces; ambiguous or absent is missing", async () => {
    const f = file("h.csv", "Store Name ,SCORE,score2,Score2\nnorth,9,1,2\nsouth,7,3,4\n");
    const p = plan({
      source: "h",
      access: access([f], "csv"),
      columns: { store: { type: "text", header: "store name" }, score: { type: "number", header: "score" }, dup: { type: "number", header: "SCORE2" }, none: { type: "number", header: "nothing" } },
      measures: [measure("moments", { key: "score", arg: col("score", "number") }), measure("distinct", { key: "store", arg: col("store", "text") })],
    });
    const r = await engines.run(p, "UTC");
    if (!r.ok) throw new Error(r.message);
    expect(r.rendered.missing.sort()).toEqual(["dup", "none"]);
    expect([r.output.measure("score").n(0), r.output.measure("score").a(0)]).toEqual([2, 16]);
    expect(r.output.measure("store").a(0)).toBe(2);
  });
});

describe("a DuckDB database file as a connection (engine: duckdb)", () => {
  it("evaluates a table; naive timestamps are local times in the workspace zone", async () => {
    const { openDuckDb } = await import("../../server/src/node/engines/duckdb");
    const path = join(dir, "warehouse.duckdb");
    const setup = await openDuckDb(path);
    await setup.query(`CREATE TABLE visits (store VARCHAR, score INTEGER, "at" TIMESTAMP)`);
    await setup.query(`INSERT INTO visits VALUES ('north', 9, '2026-03-29 23:30:00'), ('south', 3, '2026-03-30 00:30:00'), (NULL, 10, NULL)`);
    await setup.close();
    const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const conn = { name: "local", engine: "duckdb" as const, ok: true, range: ZERO, settings: new Map([["path", { value: path, range: ZERO }]]) };
    const e = new SqlEngines({ connections: new Map([["local", conn]]) });
    const p = plan({
      source: "visits",
      access: { kind: "table", connection: "local", table: "visits" },
      columns: { store: "text", score: "integer", at: "datetime" },
      timestamp: { name: "at", type: "datetime" },
      measures: [measure("survey", { key: "nps", arg: col("score", "number"), survey: { fn: "nps", min: 0, max: 10 }, breakdown: { by: [], trend: "day" } })],
    });
    const r = await e.run(p, "Europe/Berlin");
    await e.close();
    if (!r.ok) throw new Error(r.message);
    const b = r.output.breakdown({ by: [], trend: "day" });
    // Berlin local dates: the 29th and the 30th; without a zone both would be UTC instants a day apart differently.
    expect([...b.periods].sort()).toEqual([20541, 20542]);
    const m = r.output.measure("nps");
    expect([m.n(0), m.a(0), m.b(0)]).toEqual([3, 2, 1]);
  });
});
