// Row expressions (plan/ir.ts) rendered for DuckDB and PostgreSQL give, row by row, exactly the
// values of the reference evaluator (reference.ts): hand-picked expressions on hostile data, and a
// seeded random corpus of typed expressions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column } from "../../server/src/core/data/table";
import type { Literal, RowExpr, ValueType } from "../../server/src/core/plan/ir";
import { typeOf } from "../../server/src/core/plan/ir";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { toNumber } from "../../server/src/core/engines/sql/client";
import { dialectFor } from "../../server/src/core/engines/sql/dialects";
import { asNumber, renderExpr } from "../../server/src/core/engines/sql/expr";
import { zoneFor } from "../../server/src/core/time/zone";
import { parseDate, parseDateTime } from "../../server/src/core/data/convert";
import { evaluate, type Row } from "./reference";
import { liveEngines, rng } from "./engines";
import { and, arith, cmp, col, fn, inList, isnull, lit, not, num, or, txt } from "./builder";

const ZONE = "Europe/Berlin";
const zone = zoneFor(ZONE)!;
const day = (s: string) => parseDate(s)!;
const ms = (s: string) => parseDateTime(s)!;

const TEXTS = ["abc", "ABC", "", "İstanbul", "Straße", "ß", "ǅ", "ᾳ", "  padded \t\r\n", "😀x", "\ue000", "a'b", "back\\slash", "*/;--", "line\nbreak", "select", "Ωmega", "naïve", "x", "X"];
const NUMBERS = [0, 1, -1, 2.5, -2.5, 2.675, 1.005, 0.125, 123456.785, -0.5, 1e-7, 3, 7, 10, 1e15 + 0.5, 4.35, 1.45, 99.995];
const DATES = ["2020-12-31", "2021-01-03", "2021-01-04", "2024-02-29", "2026-03-29", "2026-03-28", "2026-10-25", "2025-12-29", "1999-12-31", "2026-06-30"].map(day);
const INSTANTS = [
  "2026-03-29T00:30:00Z",
  "2026-03-29T01:30:00Z",
  "2026-03-28T23:00:00Z",
  "2026-10-25T00:30:00Z",
  "2026-10-25T01:30:00Z",
  "2020-12-31T23:30:00Z",
  "2021-01-03T22:59:59.999Z",
  "2026-06-30T21:59:59Z",
  "2026-06-30T22:00:00Z",
  "1970-01-01T00:00:00Z",
].map(ms);

const COLS: Record<string, ValueType> = { n1: "number", n2: "number", t1: "text", t2: "text", b: "boolean", d: "date", d2: "date", ts: "datetime", ts2: "datetime" };

/** Rows: every value list cycled with different strides, and nulls sprinkled in. */
function makeRows(count: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const pick = <T,>(xs: T[], stride: number, nullEvery: number): T | null => (i % nullEvery === nullEvery - 1 ? null : xs[(i * stride) % xs.length]);
    rows.push({
      id: i,
      n1: pick(NUMBERS, 1, 7),
      n2: pick(NUMBERS, 5, 5),
      t1: pick(TEXTS, 1, 9),
      t2: pick(TEXTS, 3, 6),
      b: i % 4 === 3 ? null : i % 2 === 0,
      d: pick(DATES, 1, 8),
      d2: pick(DATES, 3, 6),
      ts: pick(INSTANTS, 1, 7),
      ts2: pick(INSTANTS, 7, 5),
    });
  }
  return rows;
}

function columnsOf(rows: Row[]): Column[] {
  const out: Column[] = [{ name: "id", type: "number", values: Float64Array.from(rows.map((r) => r.id as number)) }];
  for (const [name, t] of Object.entries(COLS)) {
    if (t === "text") {
      const dict: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(rows.map((r) => {
        const v = r[name];
        if (v === null) return -1;
        let c = index.get(v as string);
        if (c === undefined) index.set(v as string, (c = dict.push(v as string) - 1));
        return c;
      }));
      out.push({ name, type: "text", codes, dict });
    } else {
      const values = Float64Array.from(rows.map((r) => {
        const v = r[name];
        return v === null ? NaN : typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
      }));
      out.push({ name, type: t === "number" ? "number" : t, values } as Column);
    }
  }
  return out;
}

// ------------------------------------------------------------------------------ expressions

const n1 = col("n1", "number");
const n2 = col("n2", "number");
const t1 = col("t1", "text");
const t2 = col("t2", "text");
const b = col("b", "boolean");
const d = col("d", "date");
const d2 = col("d2", "date");
const ts = col("ts", "datetime");
const ts2 = col("ts2", "datetime");

const HAND: RowExpr[] = [
  arith("/", n1, n2),
  arith("/", n1, num(0)),
  fn("round", "number", n1),
  fn("round", "number", n1, num(2)),
  fn("round", "number", n2, num(1)),
  fn("round", "number", arith("*", n1, num(-1)), num(2)),
  fn("round", "number", n1, num(20)),
  fn("round", "number", n1, num(-3)),
  fn("round", "number", n1, n2),
  fn("lower", "text", t1),
  fn("upper", "text", t1),
  fn("trim", "text", t2),
  fn("contains", "boolean", t1, t2),
  fn("starts_with", "boolean", t1, txt("a")),
  fn("contains", "boolean", t1, txt("")),
  cmp("<", t1, t2),
  cmp(">=", t1, txt("a")),
  cmp("==", t1, txt("a'b")),
  cmp("<", t1, txt("\ue000")),
  inList(t1, ["abc", null]),
  inList(t1, ["abc", "X"], true),
  inList(n1, [1, 2.5, null], true),
  inList(n1, []),
  fn("day", "text", ts),
  fn("week", "text", d),
  fn("week", "text", ts),
  fn("month", "text", ts),
  fn("quarter", "text", d),
  fn("year", "text", ts),
  fn("date", "date", ts),
  fn("midnight", "datetime", d),
  fn("days_between", "number", d, d2),
  fn("days_between", "number", d, ts),
  fn("hours_between", "number", ts, ts2),
  fn("minutes_between", "number", d, d2),
  fn("least", "number", n1, n2, lit("null", null)),
  fn("greatest", "number", n1, n2),
  fn("greatest", "text", t1, t2),
  fn("least", "date", d, d2),
  fn("coalesce", "number", n2, n1, num(3)),
  fn("if", "text", b, t1, t2),
  fn("if", "number", cmp(">", n1, n2), n1, lit("number", null)),
  and(b, cmp(">", n1, num(1))),
  or(b, isnull(n1)),
  not(b),
  isnull(t1, true),
  fn("abs", "number", n1),
  cmp("==", d, lit("date", day("2024-02-29"))),
  cmp(">", ts, lit("datetime", ms("2026-03-29T01:00:00Z"))),
  cmp("==", b, lit("boolean", false)),
];

/** A random typed expression (seeded). */
function generator(seed: number) {
  const r = rng(seed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const gen = (t: ValueType, depth: number): RowExpr => {
    const leaf = depth <= 0 || r() < 0.3;
    switch (t) {
      case "number":
        if (leaf) return r() < 0.75 ? pick([n1, n2]) : r() < 0.1 ? lit("number", null) : num(pick(NUMBERS));
        return pick<() => RowExpr>([
          () => arith(pick(["+", "-", "*", "/"]), gen("number", depth - 1), gen("number", depth - 1)),
          () => ({ k: "neg", e: gen("number", depth - 1) }),
          () => fn("round", "number", gen("number", depth - 1), num(Math.floor(r() * 4))),
          () => fn("abs", "number", gen("number", depth - 1)),
          () => fn("coalesce", "number", gen("number", depth - 1), gen("number", depth - 1)),
          () => fn(pick(["least", "greatest"]), "number", gen("number", depth - 1), gen("number", depth - 1), gen("number", depth - 1)),
          () => fn("if", "number", gen("boolean", depth - 1), gen("number", depth - 1), gen("number", depth - 1)),
          () => fn("days_between", "number", gen(pick(["date", "datetime"]), depth - 1), gen(pick(["date", "datetime"]), depth - 1)),
          () => fn(pick(["hours_between", "minutes_between"]), "number", gen(pick(["date", "datetime"]), depth - 1), gen("datetime", depth - 1)),
        ])();
      case "text":
        if (leaf) return r() < 0.75 ? pick([t1, t2]) : txt(pick(TEXTS));
        return pick<() => RowExpr>([
          () => fn(pick(["lower", "upper", "trim"]), "text", gen("text", depth - 1)),
          () => fn(pick(["day", "week", "month", "quarter", "year"]), "text", gen(pick(["date", "datetime"]), depth - 1)),
          () => fn("if", "text", gen("boolean", depth - 1), gen("text", depth - 1), gen("text", depth - 1)),
          () => fn("coalesce", "text", gen("text", depth - 1), gen("text", depth - 1)),
          () => fn(pick(["least", "greatest"]), "text", gen("text", depth - 1), gen("text", depth - 1)),
        ])();
      case "boolean":
        if (leaf) return r() < 0.8 ? b : lit("boolean", r() < 0.5);
        return pick<() => RowExpr>([
          () => {
            const ot = pick<ValueType>(["number", "text", "date", "datetime", "boolean"]);
            return cmp(pick(["==", "!=", "<", "<=", ">", ">="]), gen(ot, depth - 1), gen(ot, depth - 1));
          },
          () => and(gen("boolean", depth - 1), gen("boolean", depth - 1)),
          () => or(gen("boolean", depth - 1), gen("boolean", depth - 1)),
          () => not(gen("boolean", depth - 1)),
          () => isnull(gen(pick<ValueType>(["number", "text", "date"]), depth - 1), r() < 0.5),
          () => inList(pick([t1, t2]), [pick(TEXTS), pick(TEXTS), ...(r() < 0.3 ? [null] : [])], r() < 0.5),
          () => inList(pick([n1, n2]), [pick(NUMBERS), pick(NUMBERS), ...(r() < 0.3 ? [null] : [])], r() < 0.5),
          () => fn(pick(["contains", "starts_with"]), "boolean", gen("text", depth - 1), gen("text", depth - 1)),
        ])();
      case "date":
        if (leaf) return r() < 0.8 ? pick([d, d2]) : lit("date", pick(DATES));
        return pick<() => RowExpr>([
          () => fn("date", "date", gen("datetime", depth - 1)),
          () => fn("coalesce", "date", gen("date", depth - 1), gen("date", depth - 1)),
          () => fn(pick(["least", "greatest"]), "date", gen("date", depth - 1), gen("date", depth - 1)),
          () => fn("if", "date", gen("boolean", depth - 1), gen("date", depth - 1), gen("date", depth - 1)),
        ])();
      case "datetime":
        if (leaf) return r() < 0.8 ? pick([ts, ts2]) : lit("datetime", pick(INSTANTS));
        return pick<() => RowExpr>([
          () => fn("midnight", "datetime", gen("date", depth - 1)),
          () => fn("coalesce", "datetime", gen("datetime", depth - 1), gen("datetime", depth - 1)),
          () => fn(pick(["least", "greatest"]), "datetime", gen("datetime", depth - 1), gen("datetime", depth - 1)),
        ])();
    }
  };
  return gen;
}

// ------------------------------------------------------------------------------ running

const rows = makeRows(60);
let engines: { name: "duckdb" | "postgres"; client: SqlClient }[] = [];

beforeAll(async () => {
  engines = await liveEngines();
  console.log(`engines: ${engines.map((e) => e.name).join(", ")}`);
  for (const e of engines) await e.client.load!("cx_expr_t", columnsOf(rows), rows.length);
});

afterAll(async () => {
  for (const e of engines) await e.client.close();
});

function outType(e: RowExpr): ValueType | "null" {
  return typeOf(e);
}

function sameValue(got: unknown, want: Literal, t: ValueType | "null"): boolean {
  if (want === null) return got === null || got === undefined;
  if (got === null || got === undefined) return false;
  if (t === "text") return got === want;
  if (t === "boolean") return got === want;
  const g = toNumber(got);
  const w = want as number;
  // -0 and 0 are one number in a report; otherwise equal to 1e-12 relative (the contract is 1e-9).
  return g === w || Math.abs(g - w) <= 1e-12 * Math.max(Math.abs(g), Math.abs(w));
}

/** Runs expressions in batches on one engine; returns the mismatches. */
async function check(client: SqlClient, exprs: RowExpr[]): Promise<string[]> {
  const dialect = dialectFor(client.dialect);
  const cx = { d: dialect, zone: ZONE, col: (n: string) => dialect.ident(n) };
  const problems: string[] = [];
  for (let i = 0; i < exprs.length; i += 25) {
    const batch = exprs.slice(i, i + 25);
    const cols = batch.map((e, j) => {
      const t = outType(e);
      const sql = renderExpr(e, cx);
      return `${t === "date" || t === "datetime" ? asNumber(sql, t, dialect) : sql} AS ${dialect.ident(`x${j}`)}`;
    });
    const sql = `SELECT ${dialect.ident("id")}, ${cols.join(", ")} FROM ${dialect.ident("cx_expr_t")} ORDER BY ${dialect.ident("id")}`;
    let res;
    try {
      res = await client.query(sql);
    } catch (err) {
      for (const e of batch) {
        try {
          await client.query(`SELECT ${renderExpr(e, cx)} FROM ${dialect.ident("cx_expr_t")}`);
        } catch (err2) {
          problems.push(`${JSON.stringify(e)}: ${(err2 as Error).message.split("\n")[0]}`);
        }
      }
      if (!problems.length) problems.push(`batch failed: ${(err as Error).message}`);
      continue;
    }
    res.rows.forEach((row, k) => {
      batch.forEach((e, j) => {
        const want = evaluate(e, rows[k], zone);
        const got = row[1 + j];
        if (!sameValue(got, want, outType(e))) problems.push(`row ${k} ${JSON.stringify(e)}: got ${JSON.stringify(got, (_, v) => (typeof v === "bigint" ? String(v) : v))}, want ${JSON.stringify(want)}`);
      });
    });
  }
  return problems;
}

describe("row expressions on live engines", () => {
  it("hand-picked expressions equal the reference on every row", async () => {
    for (const e of engines) {
      const problems = await check(e.client, HAND);
      expect(problems.slice(0, 10), `${e.name}: ${problems.length} mismatches`).toEqual([]);
    }
  });

  it("a seeded random corpus of typed expressions equals the reference", async () => {
    const gen = generator(20260630);
    const types: ValueType[] = ["number", "text", "boolean", "date", "datetime"];
    const corpus = Array.from({ length: 1000 }, (_, i) => gen(types[i % types.length], 3));
    for (const e of engines) {
      const problems = await check(e.client, corpus);
      expect(problems.slice(0, 10), `${e.name}: ${problems.length} mismatches`).toEqual([]);
    }
  });
});
