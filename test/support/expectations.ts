// Expectations on a JSON report, in the format of the shared conformance cases (case.json):
// metrics {name: {value, n?, rows?, groups?, trend?, compare?}}, goals {name: status | {status,
// value?, scope?, groups?}}, journeys {name: value}, funnels, cohorts, drivers, diagnostics
// [{code, line?, column?, file?, severity?}], absent, noErrors, onlyCodes. The evaluator fixtures
// (test/fixtures/eval) use it, so a hand-computed fixture reads like a conformance case.
//
// Numbers: 1e-9 relative (absolute below 1); p-values and drivers 1e-6 (as the conformance
// runner). An optional field is checked only when the expectation has it ("p": null means null).
import type { Report } from "../../server/src/core/report";

type Any = Record<string, unknown>;

export interface Expectations {
  asOf?: string;
  metrics?: Record<string, Any>;
  goals?: Record<string, string | Any>;
  journeys?: Record<string, number | null>;
  funnels?: Record<string, Any>;
  cohorts?: Record<string, Any>;
  drivers?: Record<string, Any>;
  diagnostics?: { code: string; line?: number; column?: number; file?: string; severity?: string }[];
  absent?: { code: string; line?: number; file?: string }[];
  noErrors?: boolean;
  onlyCodes?: boolean;
}

function closeTol(a: unknown, b: unknown, tol: number): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b || (a == null && b == null);
  if (typeof a !== "number" || typeof b !== "number") return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
const close = (a: unknown, b: unknown) => closeTol(a, b, 1e-9);
const closeP = (a: unknown, b: unknown) => closeTol(a, b, 1e-6);
const same = (a: unknown, b: unknown) => a === b;
const has = (o: unknown, k: string) => o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k);
const show = (v: unknown) => (v === undefined ? "missing" : JSON.stringify(v));

function fields(bad: string[], where: string, got: unknown, exp: Any, names: string[], cmp = close): void {
  for (const f of names) {
    if (!has(exp, f)) continue;
    const g = got == null ? undefined : (got as Any)[f];
    if (!cmp(g, exp[f])) bad.push(`${where}: ${f} ${show(g)}, expected ${show(exp[f])}`);
  }
}

function list(x: unknown): Any[] {
  return Array.isArray(x) ? (x as Any[]) : [];
}

function compareMetric(bad: string[], name: string, m: Any, em: Any): void {
  fields(bad, `metric ${name}`, m, em, ["value", "n", "rows"]);
  if (em.groups) {
    const got = list(m.groups).map((g) => JSON.stringify(g.key));
    const exp = list(em.groups).map((g) => JSON.stringify(g.key));
    if (got.join("|") !== exp.join("|")) bad.push(`metric ${name}: groups ${got.join(" ")}, expected ${exp.join(" ")}`);
    else
      list(em.groups).forEach((g, i) => {
        const at = `metric ${name}${JSON.stringify(g.key)}`;
        fields(bad, at, list(m.groups)[i], g, ["value", "n", "rows", "previous", "change"]);
        fields(bad, at, list(m.groups)[i], g, ["p"], closeP);
        fields(bad, at, list(m.groups)[i], g, ["significant"], same);
      });
  }
  if (em.trend) {
    const got = list(m.trend).map((t) => t.period);
    const exp = list(em.trend).map((t) => t.period);
    if (got.join("|") !== exp.join("|")) bad.push(`metric ${name}: trend ${got.join(" ")}, expected ${exp.join(" ")}`);
    else list(em.trend).forEach((t, i) => fields(bad, `metric ${name}@${t.period}`, list(m.trend)[i], t, ["value", "n", "rows"]));
  }
  if (em.compare) {
    const c = m.compare as Any | undefined;
    if (!c || typeof c !== "object") bad.push(`metric ${name}: no compare in the report`);
    else {
      const ec = em.compare as Any;
      fields(bad, `metric ${name} compare`, c, ec, ["kind", "asOf", "significant"], same);
      fields(bad, `metric ${name} compare`, c, ec, ["value", "change"]);
      fields(bad, `metric ${name} compare`, c, ec, ["p"], closeP);
    }
  }
}

function compareGoal(bad: string[], name: string, g: Any, eg: string | Any): void {
  if (typeof eg === "string") {
    if (g.status !== eg) bad.push(`goal ${name}: ${String(g.status)}, expected ${eg}`);
    return;
  }
  fields(bad, `goal ${name}`, g, eg, ["status", "scope"], same);
  fields(bad, `goal ${name}`, g, eg, ["value"]);
  for (const eg2 of list(eg.groups)) {
    const key = JSON.stringify(eg2.key);
    const hit = list(g.groups).find((x) => JSON.stringify(x.key) === key);
    if (!hit) bad.push(`goal ${name}${key}: group missing`);
    else {
      fields(bad, `goal ${name}${key}`, hit, eg2, ["status"], same);
      fields(bad, `goal ${name}${key}`, hit, eg2, ["value"]);
    }
  }
}

function compareFunnel(bad: string[], name: string, f: Any, ef: Any): void {
  fields(bad, `funnel ${name}`, f, ef, ["value", "customers"]);
  if (!ef.steps) return;
  const got = list(f.steps).map((s) => s.name);
  const exp = list(ef.steps).map((s) => s.name);
  if (got.join("|") !== exp.join("|")) bad.push(`funnel ${name}: steps ${got.join(" ")}, expected ${exp.join(" ")}`);
  else list(ef.steps).forEach((s, i) => fields(bad, `funnel ${name}.${String(s.name)}`, list(f.steps)[i], s, ["customers", "conversion", "overall"]));
}

function compareCohort(bad: string[], name: string, c: Any, ec: Any): void {
  fields(bad, `cohort ${name}`, c, ec, ["value"]);
  fields(bad, `cohort ${name}`, c, ec, ["period"], same);
  if (ec.curve) {
    const got = list(c.curve).map((a) => a.age);
    const exp = list(ec.curve).map((a) => a.age);
    if (got.join("|") !== exp.join("|")) bad.push(`cohort ${name}: curve ages ${got.join(" ")}, expected ${exp.join(" ")}`);
    else list(ec.curve).forEach((a, i) => fields(bad, `cohort ${name} age ${String(a.age)}`, list(c.curve)[i], a, ["observed", "retained", "rate"]));
  }
  if (ec.cohorts) {
    const got = list(c.cohorts).map((x) => x.cohort);
    const exp = list(ec.cohorts).map((x) => x.cohort);
    if (got.join("|") !== exp.join("|")) {
      bad.push(`cohort ${name}: cohorts ${got.join(" ")}, expected ${exp.join(" ")}`);
      return;
    }
    list(ec.cohorts).forEach((x, i) => {
      const gx = list(c.cohorts)[i];
      fields(bad, `cohort ${name}[${String(x.cohort)}]`, gx, x, ["customers"]);
      if (!x.ages) return;
      list(x.ages).forEach((a, j) => fields(bad, `cohort ${name}[${String(x.cohort)}] age ${String(a.age)}`, list(gx.ages)[j], a, ["age", "observed", "retained"]));
    });
  }
}

function compareDrivers(bad: string[], name: string, d: Any, ed: Any): void {
  fields(bad, `drivers ${name}`, d, ed, ["n", "r2"], closeP);
  fields(bad, `drivers ${name}`, d, ed, ["outcome"], same);
  if (!ed.drivers) return;
  const got = list(d.drivers).map((x) => x.name);
  const exp = list(ed.drivers).map((x) => x.name);
  if (got.join("|") !== exp.join("|")) bad.push(`drivers ${name}: drivers ${got.join(" ")}, expected ${exp.join(" ")}`);
  else list(ed.drivers).forEach((x, i) => fields(bad, `drivers ${name}.${String(x.name)}`, list(d.drivers)[i], x, ["importance", "correlation", "mean"], closeP));
}

function byName(bad: string[], got: unknown, kind: string, expected: Record<string, unknown> | undefined, compare: (bad: string[], name: string, x: Any, e: never) => void): void {
  const map = new Map(list(got).map((x) => [x.name as string, x]));
  for (const [name, e] of Object.entries(expected ?? {})) {
    const x = map.get(name);
    if (!x) bad.push(`${kind} ${name}: missing`);
    else compare(bad, name, x, e as never);
  }
}

/** Every way `report` differs from the expectations (empty: it meets them). Diagnostics may include goal outcomes passed in `extra`. */
export function checkReport(report: Report, exp: Expectations, extra: { code: string; line: number; file: string; severity: string; message: string }[] = []): string[] {
  const bad: string[] = [];
  byName(bad, report.metrics, "metric", exp.metrics, compareMetric);
  byName(bad, report.goals, "goal", exp.goals, compareGoal);
  for (const [name, value] of Object.entries(exp.journeys ?? {})) {
    const j = (report.journeys ?? []).find((x) => x.name === name);
    if (!j) bad.push(`journey ${name}: missing`);
    else if (!close(j.value, value)) bad.push(`journey ${name}: ${j.value}, expected ${value}`);
  }
  byName(bad, report.funnels, "funnel", exp.funnels, compareFunnel);
  byName(bad, report.cohorts, "cohort", exp.cohorts, compareCohort);
  byName(bad, report.drivers, "drivers", exp.drivers, compareDrivers);
  const diags = [...report.diagnostics, ...extra];
  for (const d of exp.diagnostics ?? []) {
    const hit = diags.find(
      (x) =>
        x.code === d.code &&
        (d.line === undefined || x.line === d.line) &&
        (d.column === undefined || ("column" in x && x.column === d.column)) &&
        (d.file === undefined || x.file === d.file) &&
        (d.severity === undefined || x.severity === d.severity),
    );
    if (!hit) bad.push(`diagnostic ${d.code}${d.line ? ` at line ${d.line}` : ""} not reported; got ${diags.map((x) => `${x.code}@${x.file}:${x.line}`).join(", ")}`);
  }
  for (const d of exp.absent ?? []) {
    const hit = diags.find((x) => x.code === d.code && (d.line === undefined || x.line === d.line) && (d.file === undefined || x.file === d.file));
    if (hit) bad.push(`diagnostic ${d.code} at ${hit.file}:${hit.line} must not be reported: ${hit.message}`);
  }
  if (exp.noErrors) {
    const errs = report.diagnostics.filter((x) => x.severity === "error");
    if (errs.length) bad.push(`unexpected errors: ${errs.slice(0, 3).map((x) => `${x.code} ${x.file}:${x.line} ${x.message}`).join("; ")}`);
  }
  if (exp.onlyCodes) {
    const allowed = new Set((exp.diagnostics ?? []).map((d) => d.code));
    const others = report.diagnostics.filter((x) => x.severity !== "info" && !allowed.has(x.code) && x.code !== "CX3009");
    if (others.length) bad.push(`unexpected diagnostics: ${others.slice(0, 3).map((x) => `${x.code} line ${x.line}: ${x.message}`).join("; ")}`);
  }
  return bad;
}
