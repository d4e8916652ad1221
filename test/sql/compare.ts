// Comparing two executors' outputs for one plan (plan/plan.ts SourceOutput): every measure's n, a
// and b in every bucket — groups and periods matched by key, since each executor orders its own —
// and every funnel, cohort, drivers and check. Numbers equal to 1e-9 relative (engines.md §1).
import type { Literal } from "../../server/src/core/plan/ir";
import { bucketLayout, type SourceOutput, type SourcePlan } from "../../server/src/core/plan/plan";

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

const keyOf = (k: Literal[]) => JSON.stringify(k);

/** Differences between `got` and `want` for the plan (empty when they agree). */
export function compareOutputs(plan: SourcePlan, got: SourceOutput, want: SourceOutput): string[] {
  const out: string[] = [];
  for (const m of plan.measures) {
    const bg = got.breakdown(m.breakdown);
    const bw = want.breakdown(m.breakdown);
    const lg = bucketLayout(bg);
    const lw = bucketLayout(bw);
    const mg = got.measure(m.key);
    const mw = want.measure(m.key);
    const pairs: [string, number, number | undefined][] = [["overall", 0, 0]];
    const groupsG = new Map(bg.groups.map((g, i) => [keyOf(g), i]));
    bw.groups.forEach((g, i) => pairs.push([`group ${keyOf(g)}`, lw.groups + i, groupsG.has(keyOf(g)) ? lg.groups + groupsG.get(keyOf(g))! : undefined]));
    const periodsG = new Map(bg.periods.map((p, i) => [p, i]));
    bw.periods.forEach((p, i) => pairs.push([`period ${p}`, lw.periods + i, periodsG.has(p) ? lg.periods + periodsG.get(p)! : undefined]));
    if (m.breakdown.trend) pairs.push(["no timestamp", lw.noTimestamp, lg.noTimestamp]);
    for (const [what, iw, ig] of pairs) {
      const nw = mw.n(iw);
      if (ig === undefined) {
        // A group or period the other executor does not have must be empty for this measure.
        if (nw !== 0) out.push(`${m.key} ${what}: missing (want n=${nw})`);
        continue;
      }
      const fields: ["n" | "a" | "b", number, number][] = [["n", mg.n(ig), nw]];
      if (m.kind !== "rows" && m.kind !== "values") fields.push(["a", mg.a(ig), mw.a(iw)]);
      if (m.kind === "moments" || m.kind === "survey") fields.push(["b", mg.b(ig), mw.b(iw)]);
      for (const [f, g, w] of fields) {
        // Without values, a and b carry no meaning (NaN or 0, depending on the executor).
        if (f !== "n" && nw === 0) continue;
        if (!close(g, w)) out.push(`${m.key} (${m.kind}) ${what} ${f}: ${g} vs ${w}`);
      }
    }
  }
  for (const f of plan.funnels) {
    const g = got.funnel(f.key).customers;
    const w = want.funnel(f.key).customers;
    if (JSON.stringify(g) !== JSON.stringify(w)) out.push(`funnel ${f.key}: ${JSON.stringify(g)} vs ${JSON.stringify(w)}`);
  }
  for (const c of plan.cohorts) {
    const norm = (o: SourceOutput) => JSON.stringify([...o.cohort(c.key).cohorts].sort((a, b) => a.code - b.code));
    if (norm(got) !== norm(want)) out.push(`cohort ${c.key}: ${norm(got).slice(0, 300)} vs ${norm(want).slice(0, 300)}`);
  }
  for (const d of plan.drivers) {
    const g = got.drivers(d.key);
    const w = want.drivers(d.key);
    if (g.n !== w.n) out.push(`drivers ${d.key} n: ${g.n} vs ${w.n}`);
    if (JSON.stringify(g.constant) !== JSON.stringify(w.constant)) out.push(`drivers ${d.key} constant: ${JSON.stringify(g.constant)} vs ${JSON.stringify(w.constant)}`);
    w.means.forEach((x, i) => !close(g.means[i], x) && out.push(`drivers ${d.key} mean ${i}: ${g.means[i]} vs ${x}`));
    w.corr.forEach((row, i) => row.forEach((x, j) => !close(g.corr[i]?.[j], x) && out.push(`drivers ${d.key} corr ${i},${j}: ${g.corr[i]?.[j]} vs ${x}`)));
  }
  for (const s of plan.scaleChecks) if (got.scale(s.key).count !== want.scale(s.key).count) out.push(`scale ${s.key}: ${got.scale(s.key).count} vs ${want.scale(s.key).count}`);
  for (const d of plan.divisions) if (got.division(d.id) !== want.division(d.id)) out.push(`division ${d.id}: ${got.division(d.id)} vs ${want.division(d.id)}`);
  return out;
}
