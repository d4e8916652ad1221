import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { openDuckDb } from "../../server/src/node/engines/duckdb";
import { runSql } from "../../server/src/core/engines/sql/execute";
import { dialectFor } from "../../server/src/core/engines/sql/dialects";
import { formatSource } from "../../server/src/core/engines/sql/render";
import { plan, measure, col, csv, cmp, txt } from "./builder";

const data = join(__dirname, "data");

describe("smoke", () => {
  it("runs", async () => {
    const client = await openDuckDb();
    const p = plan({
      access: csv([join(data, "survey.csv")]),
      columns: { store: "text", score: "integer", answered_at: "datetime", amount: "number", ok: "boolean", label: { type: "integer", map: [{ label: "Very satisfied", value: 5 }, { label: "Satisfied", value: 4 }, { label: "Neutral", value: 3 }, { label: "Dissatisfied", value: 2 }] } },
      timestamp: { name: "answered_at", type: "datetime" },
      measures: [
        measure("rows", { key: "rows" }),
        measure("survey", { key: "nps", arg: col("score", "number"), survey: { fn: "nps", min: 0, max: 10 }, breakdown: { by: ["store"], trend: "month" } }),
        measure("moments", { key: "amount", arg: col("amount", "number"), breakdown: { by: ["store"], trend: "month" } }),
        measure("moments", { key: "label", arg: col("label", "number") }),
        measure("percentile", { key: "p50", arg: col("amount", "number"), p: 50, where: cmp("!=", col("store", "text"), txt("east")) }),
      ],
    });
    const run = await runSql(p, dialectFor("duckdb"), client, { zone: "Europe/Berlin", onQuery: (s) => console.log(s) });
    if (!run.ok) throw new Error(run.message);
    console.log(formatSource(run.rendered));
    const o = run.output;
    const b = o.breakdown({ by: ["store"], trend: "month" });
    console.log(JSON.stringify(b));
    const m = o.measure("nps");
    console.log([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => [m.n(i), m.a(i), m.b(i)]));
    console.log(o.measure("rows").n(0), o.measure("label").n(0), o.measure("label").a(0), o.measure("p50").a(0));
    expect(o.measure("rows").n(0)).toBe(8);
    await client.close();
  });
});
