// Evaluator fixtures: test/fixtures/eval/NAME/{main.cx, data/…, expected.json}. Values in
// expected.json are computed by hand (the workings are in comments in main.cx). The format is
// the conformance suite's case.json subset: metrics {name: {value, groups?, trend?}}, goals
// {name: status}, journeys {name: value}, diagnostics [{code, line?, file?}], asOf.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NodeHost } from "../../server/src/node/host";
import { DataCache } from "../../server/src/core/data/reader";
import { run } from "../../server/src/core/engine";

const root = join(__dirname, "../fixtures/eval");

interface Expected {
  asOf?: string;
  metrics?: Record<string, { value: number | null; rows?: number; groups?: { key: Record<string, unknown>; value: number | null }[]; trend?: { period: string; value: number | null }[] }>;
  goals?: Record<string, string>;
  journeys?: Record<string, number | null>;
  diagnostics?: { code: string; line?: number; file?: string }[];
  noErrors?: boolean;
}

const close = (a: number | null | undefined, b: number | null) =>
  a === b || (a != null && b != null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

describe("evaluator fixtures", () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!existsSync(join(dir, "expected.json"))) continue;
    it(name, async () => {
      const exp = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
      const host = new NodeHost();
      const files = readdirSync(dir).filter((f) => f.endsWith(".cx")).map((f) => join(dir, f));
      const { report, result } = await run({ mode: "eval", root: dir, inputs: files, host, cache: new DataCache(host), asOf: exp.asOf ?? "2026-06-30", today: "2026-06-30", relativeTo: dir });
      const problems: string[] = [];
      const metrics = new Map((report.metrics ?? []).map((m) => [m.name, m]));
      for (const [n, em] of Object.entries(exp.metrics ?? {})) {
        const m = metrics.get(n);
        if (!m) { problems.push(`metric ${n} missing`); continue; }
        if (!close(m.value, em.value)) problems.push(`metric ${n}: ${m.value}, expected ${em.value}`);
        if (em.rows !== undefined && m.rows !== em.rows) problems.push(`metric ${n}: rows ${m.rows}, expected ${em.rows}`);
        if (em.groups) {
          const got = (m.groups ?? []).map((g) => `${JSON.stringify(g.key)}=${g.value}`);
          const want = em.groups.map((g) => `${JSON.stringify(g.key)}=${g.value}`);
          if (got.length !== want.length || em.groups.some((g, i) => JSON.stringify(g.key) !== JSON.stringify(m.groups![i].key) || !close(m.groups![i].value, g.value))) {
            problems.push(`metric ${n} groups: ${got.join(" ")}; expected ${want.join(" ")}`);
          }
        }
        if (em.trend) {
          const got = (m.trend ?? []).map((t) => `${t.period}=${t.value}`);
          const want = em.trend.map((t) => `${t.period}=${t.value}`);
          if (got.length !== want.length || em.trend.some((t, i) => t.period !== m.trend![i].period || !close(m.trend![i].value, t.value))) {
            problems.push(`metric ${n} trend: ${got.join(" ")}; expected ${want.join(" ")}`);
          }
        }
      }
      const goals = new Map((report.goals ?? []).map((g) => [g.name, g]));
      for (const [n, s] of Object.entries(exp.goals ?? {})) if (goals.get(n)?.status !== s) problems.push(`goal ${n}: ${goals.get(n)?.status}, expected ${s}`);
      const journeys = new Map((report.journeys ?? []).map((j) => [j.name, j]));
      for (const [n, v] of Object.entries(exp.journeys ?? {})) if (!close(journeys.get(n)?.value, v)) problems.push(`journey ${n}: ${journeys.get(n)?.value}, expected ${v}`);
      // Goal outcomes (CX5xxx) are not report diagnostics; the evaluator still produces them for the editor.
      const goalDiags = (result?.diagnostics ?? []).filter((d) => d.code.startsWith("CX5")).map((d) => ({ code: d.code, line: d.range.start.line + 1, file: d.file.slice(dir.length + 1), message: d.message }));
      const all = [...report.diagnostics, ...goalDiags];
      for (const d of exp.diagnostics ?? []) {
        if (!all.some((x) => x.code === d.code && (d.line === undefined || x.line === d.line) && (d.file === undefined || x.file === d.file))) {
          problems.push(`diagnostic ${d.code}${d.line ? ` line ${d.line}` : ""} not reported; got ${all.map((x) => `${x.code}@${x.file}:${x.line}`).join(", ")}`);
        }
      }
      if (exp.noErrors) {
        const errs = report.diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("CX5"));
        if (errs.length) problems.push(`unexpected errors: ${errs.map((e) => `${e.code} ${e.message}`).join("; ")}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
