// The reference executor: the plan's semantics (plan/plan.ts, plan/ir.ts) written as plainly as
// possible — one row at a time, scalar values, Maps — with no concern for speed. It is the
// oracle the native and SQL engines are compared with in tests, so it shares no code with them
// beyond the calendar helpers; keep it obviously correct rather than fast.
import type { Column, Table } from "../../data/table";
import type { Literal, RowExpr } from "../../plan/ir";
import type {
  Breakdown, BreakdownOutput, CohortOutput, CohortPlan, DayRange, DriversOutput, DriversPlan, FunnelOutput, FunnelPlan, Measure, MeasureOutput, SourceOutput,
  SourcePlan,
} from "../../plan/plan";
import { breakdownKey, bucketLayout } from "../../plan/plan";
import { civilFromDays, daysFromCivil, daysInMonth } from "../../data/convert";
import { periodCode, periodLabel } from "../../eval/periods";
import { roundHalfAway, simpleCase } from "../native/vector";
import { exactPearson } from "../../analysis/relativeWeights";
import type { Zone } from "../../time/zone";

const DAY = 86400000;

type Row = (name: string) => Literal;

export function runReference(plan: SourcePlan, table: Table, zone: Zone): SourceOutput {
  return new Reference(plan, table, zone).output();
}

class Reference {
  private readonly derived = new Map<string, Literal[]>();
  private readonly breakdowns = new Map<string, { out: BreakdownOutput; bucketsOf: (r: number) => number[] }>();

  constructor(
    private readonly plan: SourcePlan,
    private readonly table: Table,
    private readonly zone: Zone,
  ) {
    for (const d of plan.derived) {
      const vals: Literal[] = [];
      for (let r = 0; r < table.rowCount; r++) vals.push(this.eval(d.expr, this.row(r)));
      this.derived.set(d.name, vals);
    }
  }

  private cell(c: Column, r: number): Literal {
    if (c.type === "text") return c.codes[r] < 0 ? null : c.dict.at(c.codes[r])!;
    const v = c.values[r];
    if (Number.isNaN(v)) return null;
    return c.type === "boolean" ? v !== 0 : v;
  }

  private row(r: number): Row {
    return (name) => {
      const d = this.derived.get(name);
      if (d) return d[r];
      const c = this.table.columns.get(name);
      return c ? this.cell(c, r) : null;
    };
  }

  // ------------------------------------------------------------------ expressions

  private localDay(v: number, type: "date" | "datetime"): number {
    return type === "date" ? v : this.zone.localDay(v);
  }

  eval(e: RowExpr, row: Row): Literal {
    switch (e.k) {
      case "lit":
        return e.v;
      case "col":
        return row(e.name);
      case "neg": {
        const v = this.eval(e.e, row);
        return typeof v === "number" ? -v : null;
      }
      case "not": {
        const v = this.eval(e.e, row);
        return v === null ? null : !v;
      }
      case "arith": {
        const a = this.eval(e.l, row);
        const b = this.eval(e.r, row);
        if (typeof a !== "number" || typeof b !== "number") return null;
        switch (e.op) {
          case "+":
            return a + b;
          case "-":
            return a - b;
          case "*":
            return a * b;
          default:
            return b === 0 ? null : a / b;
        }
      }
      case "cmp": {
        const a = this.eval(e.l, row);
        const b = this.eval(e.r, row);
        if (a === null || b === null) return null;
        const c = typeof a === "string" && typeof b === "string" ? codePointCompare(a, b) : a < b ? -1 : a > b ? 1 : 0;
        switch (e.op) {
          case "==":
            return c === 0;
          case "!=":
            return c !== 0;
          case "<":
            return c < 0;
          case "<=":
            return c <= 0;
          case ">":
            return c > 0;
          default:
            return c >= 0;
        }
      }
      case "and": {
        const a = this.eval(e.l, row);
        const b = this.eval(e.r, row);
        if (a === false || b === false) return false;
        return a === null || b === null ? null : true;
      }
      case "or": {
        const a = this.eval(e.l, row);
        const b = this.eval(e.r, row);
        if (a === true || b === true) return true;
        return a === null || b === null ? null : false;
      }
      case "isnull": {
        const v = this.eval(e.e, row);
        return e.negated ? v !== null : v === null;
      }
      case "in": {
        const v = this.eval(e.e, row);
        if (v === null) return null;
        let sawNull = false;
        for (const it of e.items) {
          if (it === null) sawNull = true;
          else if (it === v) return !e.negated;
        }
        return sawNull ? null : e.negated;
      }
      case "fn":
        return this.call(e, row);
    }
  }

  private call(e: Extract<RowExpr, { k: "fn" }>, row: Row): Literal {
    if (e.fn === "if") {
      const c = this.eval(e.args[0], row);
      return c === true ? this.eval(e.args[1], row) : this.eval(e.args[2], row);
    }
    if (e.fn === "coalesce") {
      for (const a of e.args) {
        const v = this.eval(a, row);
        if (v !== null) return v;
      }
      return null;
    }
    const args = e.args.map((a) => this.eval(a, row));
    const typeOfArg = (i: number) => {
      const a = e.args[i];
      return a.k === "lit" || a.k === "col" || a.k === "fn" ? a.t : "number";
    };
    if (args.some((a) => a === null)) return null;
    if (e.fn === "least" || e.fn === "greatest") {
      const order = (a: Literal, b: Literal) => (typeof a === "string" && typeof b === "string" ? codePointCompare(a, b) : (a as number) - (b as number));
      let best = args[0];
      for (const v of args) if (e.fn === "least" ? order(v, best) < 0 : order(v, best) > 0) best = v;
      return best;
    }
    switch (e.fn) {
      case "lower":
        return simpleCase(args[0] as string, false);
      case "upper":
        return simpleCase(args[0] as string, true);
      case "trim":
        return (args[0] as string).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
      case "contains":
        return (args[0] as string).includes(args[1] as string);
      case "starts_with":
        return (args[0] as string).startsWith(args[1] as string);
      case "round":
        return roundHalfAway(args[0] as number, args.length > 1 ? (args[1] as number) : 0);
      case "abs":
        return Math.abs(args[0] as number);
      case "date":
        return this.localDay(args[0] as number, typeOfArg(0) === "datetime" ? "datetime" : "date");
      case "midnight":
        return this.zone.fromLocal((args[0] as number) * DAY);
      case "day":
      case "week":
      case "month":
      case "quarter":
      case "year": {
        const d = this.localDay(args[0] as number, typeOfArg(0) === "datetime" ? "datetime" : "date");
        return periodLabel(periodCode(d, e.fn), e.fn);
      }
      case "days_between":
      case "hours_between":
      case "minutes_between": {
        const ta = typeOfArg(0), tb = typeOfArg(1);
        if (e.fn === "days_between" && ta === "date" && tb === "date") return (args[1] as number) - (args[0] as number);
        const inst = (v: number, t: string) => (t === "date" ? this.zone.fromLocal(v * DAY) : v);
        const ms = inst(args[1] as number, tb) - inst(args[0] as number, ta);
        return ms / (e.fn === "days_between" ? DAY : e.fn === "hours_between" ? 3600000 : 60000);
      }
      default:
        return null;
    }
  }

  // ------------------------------------------------------------------ rows, windows, breakdowns

  private timestampDay(r: number): number | null {
    const ts = this.plan.timestamp;
    if (!ts) return null;
    const v = this.row(r)(ts.name);
    return typeof v === "number" ? this.localDay(v, ts.type) : null;
  }

  private passes(r: number, window: DayRange | undefined, where: RowExpr | undefined): boolean {
    if (window) {
      const d = this.timestampDay(r);
      if (d === null || !(d > window.lo && d <= window.hi)) return false;
    }
    return !where || this.eval(where, this.row(r)) === true;
  }

  private breakdown(b: Breakdown): { out: BreakdownOutput; bucketsOf: (r: number) => number[] } {
    const key = breakdownKey(b);
    const known = this.breakdowns.get(key);
    if (known) return known;
    const groupIds = new Map<string, number>();
    const groups: Literal[][] = [];
    const periodIds = new Map<number, number>();
    const periods: number[] = [];
    const rowGroup: number[] = [];
    const rowPeriod: number[] = [];
    for (let r = 0; r < this.table.rowCount; r++) {
      if (b.by.length) {
        const k = b.by.map((c) => this.row(r)(c));
        const id = JSON.stringify(k);
        let g = groupIds.get(id);
        if (g === undefined) {
          g = groups.push(k) - 1;
          groupIds.set(id, g);
        }
        rowGroup.push(g);
      }
      if (b.trend) {
        const d = this.timestampDay(r);
        if (d === null) rowPeriod.push(-1);
        else {
          const code = periodCode(d, b.trend);
          let p = periodIds.get(code);
          if (p === undefined) {
            p = periods.push(code) - 1;
            periodIds.set(code, p);
          }
          rowPeriod.push(p);
        }
      }
    }
    const out: BreakdownOutput = { groups, periods };
    const layout = bucketLayout(out);
    const result = {
      out,
      bucketsOf: (r: number) => {
        const bs = [0];
        if (b.by.length) bs.push(layout.groups + rowGroup[r]);
        if (b.trend) bs.push(rowPeriod[r] < 0 ? layout.noTimestamp : layout.periods + rowPeriod[r]);
        return bs;
      },
    };
    this.breakdowns.set(key, result);
    return result;
  }

  // ------------------------------------------------------------------ measures

  private measure(m: Measure): MeasureOutput {
    const bd = this.breakdown(m.breakdown);
    const count = bucketLayout(bd.out).count;
    const n = new Float64Array(count);
    const a = new Float64Array(count).fill(m.kind === "min" || m.kind === "max" || m.kind === "percentile" ? NaN : 0);
    const b = new Float64Array(count);
    const lists: number[][] = Array.from({ length: count }, () => []);
    const sets: Set<string>[] = Array.from({ length: count }, () => new Set());
    for (let r = 0; r < this.table.rowCount; r++) {
      if (!this.passes(r, m.window, m.where)) continue;
      const raw = m.arg ? this.eval(m.arg, this.row(r)) : true;
      // Numeric measures read booleans as 1/0 (plan.ts); values and distinct keep them as they are.
      const v = typeof raw === "boolean" && m.kind !== "values" && m.kind !== "distinct" && m.kind !== "rows" ? (raw ? 1 : 0) : raw;
      for (const k of bd.bucketsOf(r)) {
        switch (m.kind) {
          case "rows":
            n[k]++;
            break;
          case "values":
            if (v !== null) n[k]++;
            break;
          case "distinct":
            if (v !== null) {
              n[k]++;
              sets[k].add(JSON.stringify(v));
            }
            break;
          case "moments":
            if (typeof v === "number") {
              lists[k].push(v);
              n[k]++;
              a[k] += v;
            }
            break;
          case "min":
          case "max":
            if (typeof v === "number") {
              n[k]++;
              if (Number.isNaN(a[k]) || (m.kind === "min" ? v < a[k] : v > a[k])) a[k] = v;
            }
            break;
          case "percentile":
            if (typeof v === "number") {
              n[k]++;
              lists[k].push(v);
            }
            break;
          case "survey": {
            const s = m.survey!;
            const x = typeof v === "boolean" ? (v ? 1 : 0) : v;
            if (typeof x !== "number" || !Number.isInteger(x) || x < s.min || x > s.max) break;
            n[k]++;
            if (s.fn === "nps") {
              if (x >= 9) a[k]++;
              else if (x <= 6) b[k]++;
            } else if (s.fn === "csat") {
              if (x >= s.max - 1) a[k]++;
            } else {
              a[k] += x;
              b[k] += x * x;
            }
            break;
          }
        }
      }
    }
    if (m.kind === "distinct") sets.forEach((s, k) => (a[k] = s.size));
    if (m.kind === "moments") {
      // M2 by two passes over the bucket's values shifted by the first (the mean first), so that
      // equal values give exactly 0.
      lists.forEach((l, k) => {
        if (!l.length) return;
        const shift = l[0];
        const mean = l.reduce((x, y) => x + (y - shift), 0) / l.length;
        b[k] = l.reduce((x, y) => x + (y - shift - mean) * (y - shift - mean), 0);
      });
    }
    if (m.kind === "percentile") lists.forEach((l, k) => (a[k] = percentile(l, m.p ?? 50)));
    return { n: (k) => n[k] ?? 0, a: (k) => a[k] ?? NaN, b: (k) => b[k] ?? 0 };
  }

  // ------------------------------------------------------------------ funnels, cohorts, drivers

  private funnel(f: FunnelPlan): FunnelOutput {
    const ts = this.plan.timestamp!;
    const byCustomer = new Map<string, { t: number; steps: boolean[] }[]>();
    for (let r = 0; r < this.table.rowCount; r++) {
      const row = this.row(r);
      const c = row(f.customer);
      const t = row(ts.name);
      if (c === null || typeof t !== "number") continue;
      const instant = ts.type === "date" ? this.zone.fromLocal(t * DAY) : t;
      const day = this.localDay(t, ts.type);
      const steps = f.steps.map((s, i) => this.eval(s, row) === true && (i > 0 || !f.window || (day > f.window.lo && day <= f.window.hi)));
      const k = JSON.stringify(c);
      let list = byCustomer.get(k);
      if (!list) byCustomer.set(k, (list = []));
      list.push({ t: instant, steps });
    }
    const customers = f.steps.map(() => 0);
    for (const events of byCustomer.values()) {
      let t1: number | undefined;
      let prev: number | undefined;
      for (let s = 0; s < f.steps.length; s++) {
        let best: number | undefined;
        for (const ev of events) {
          if (!ev.steps[s]) continue;
          if (s > 0 && (ev.t < prev! || (f.withinMs !== undefined && ev.t > t1! + f.withinMs))) continue;
          if (best === undefined || ev.t < best) best = ev.t;
        }
        if (best === undefined) break;
        if (s === 0) t1 = best;
        prev = best;
        customers[s]++;
      }
    }
    return { customers };
  }

  private cohort(c: CohortPlan): CohortOutput {
    const typeOf = (name: string): "date" | "datetime" => {
      const col = this.table.columns.get(name);
      const d = this.plan.derived.find((x) => x.name === name);
      return (col?.type ?? d?.type) === "datetime" ? "datetime" : "date";
    };
    const addPeriods = (day: number, k: number) => {
      if (c.period === "week") return day + 7 * k;
      const { y, m, d } = civilFromDays(day);
      const total = y * 12 + (m - 1) + (c.period === "month" ? k : 3 * k);
      const ny = Math.floor(total / 12);
      const nm = total - ny * 12 + 1;
      return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
    };
    const cohorts = new Map<number, { customers: number; observed: number[]; retained: number[] }>();
    const entry = (code: number) => {
      let e = cohorts.get(code);
      if (!e) cohorts.set(code, (e = { customers: 0, observed: new Array(c.periods + 1).fill(0), retained: new Array(c.periods + 1).fill(0) }));
      return e;
    };
    const inWindow = (d: number) => !c.window || (d > c.window.lo && d <= c.window.hi);
    if (c.mode === "subscription") {
      const st = typeOf(c.start!), et = typeOf(c.end!);
      const people = new Map<string, { start: number | null; end: number | null; open: boolean }>();
      for (let r = 0; r < this.table.rowCount; r++) {
        const row = this.row(r);
        const who = row(c.customer);
        if (who === null) continue;
        const s = row(c.start!);
        const e = row(c.end!);
        const k = JSON.stringify(who);
        let p = people.get(k);
        if (!p) people.set(k, (p = { start: null, end: null, open: false }));
        if (typeof s === "number") {
          const d = this.localDay(s, st);
          if (p.start === null || d < p.start) p.start = d;
        }
        if (typeof e === "number") {
          const d = this.localDay(e, et);
          if (p.end === null || d > p.end) p.end = d;
        } else p.open = true;
      }
      for (const p of people.values()) {
        if (p.start === null || !inWindow(p.start)) continue;
        const e = entry(periodCode(p.start, c.period));
        e.customers++;
        for (let k = 0; k <= c.periods; k++) {
          const at = addPeriods(p.start, k);
          if (at > c.asOf) continue;
          e.observed[k]++;
          if (p.open || p.end === null || p.end > at) e.retained[k]++;
        }
      }
    } else {
      const ts = this.plan.timestamp!;
      const people = new Map<string, number[]>();
      for (let r = 0; r < this.table.rowCount; r++) {
        const row = this.row(r);
        const who = row(c.customer);
        const t = row(ts.name);
        if (who === null || typeof t !== "number") continue;
        const k = JSON.stringify(who);
        let list = people.get(k);
        if (!list) people.set(k, (list = []));
        list.push(this.localDay(t, ts.type));
      }
      const index = (d: number) => {
        if (c.period === "week") return Math.floor((d + 3) / 7); // weeks since the Monday before 1970-01-01
        const { y, m } = civilFromDays(d);
        return c.period === "month" ? y * 12 + m - 1 : y * 4 + Math.floor((m - 1) / 3);
      };
      const lastDay = (i: number) => {
        if (c.period === "week") return i * 7 - 3 + 6;
        const months = c.period === "month" ? 1 : 3;
        const first = c.period === "month" ? i : i * 3;
        const y = Math.floor((first + months) / 12);
        const m = first + months - y * 12 + 1;
        return daysFromCivil(y, m, 1) - 1;
      };
      for (const days of people.values()) {
        const first = Math.min(...days);
        if (!inWindow(first)) continue;
        const i0 = index(first);
        const e = entry(periodCode(first, c.period));
        e.customers++;
        const seen = new Set(days.map(index));
        for (let k = 0; k <= c.periods; k++) {
          if (lastDay(i0 + k) > c.asOf) continue;
          e.observed[k]++;
          if (seen.has(i0 + k)) e.retained[k]++;
        }
      }
    }
    return { cohorts: [...cohorts.entries()].map(([code, e]) => ({ code, ...e })) };
  }

  private drivers(d: DriversPlan): DriversOutput {
    const k = d.columns.length;
    const rows: number[][] = [];
    for (let r = 0; r < this.table.rowCount; r++) {
      if (!this.passes(r, d.window, d.where)) continue;
      const vals = d.columns.map((c) => this.eval(c, this.row(r)));
      if (vals.every((v) => typeof v === "number")) rows.push(vals as number[]);
    }
    const n = rows.length;
    const means = Array.from({ length: k }, (_, j) => (n ? rows.reduce((s, x) => s + x[j], 0) / n : NaN));
    const constant = Array.from({ length: k }, (_, j) => n === 0 || rows.every((x) => x[j] === rows[0][j]));
    const corr = Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (_, j) => {
        if (constant[i] || constant[j]) return NaN;
        // Integer columns: the plain sums, exact (the rule every engine follows).
        const col = (c: number) => ({
          integral: rows.every((x) => Number.isInteger(x[c])),
          maxAbs: rows.reduce((m, x) => Math.max(m, Math.abs(x[c])), 0),
          sum: rows.reduce((s, x) => s + x[c], 0),
          sumSq: rows.reduce((s, x) => s + x[c] * x[c], 0),
        });
        const exact = i === j ? undefined : exactPearson(n, col(i), col(j), rows.reduce((s, x) => s + x[i] * x[j], 0));
        if (exact !== undefined) return exact;
        let sxy = 0, sxx = 0, syy = 0;
        for (const x of rows) {
          const a = x[i] - means[i];
          const b = x[j] - means[j];
          sxy += a * b;
          sxx += a * a;
          syy += b * b;
        }
        return i === j ? 1 : sxy / Math.sqrt(sxx * syy);
      }),
    );
    return { n, means, constant, corr };
  }

  // ------------------------------------------------------------------ the output

  output(): SourceOutput {
    const measures = new Map<string, MeasureOutput>();
    for (const m of this.plan.measures) measures.set(m.key, this.measure(m));
    const funnels = new Map(this.plan.funnels.map((f) => [f.key, this.funnel(f)]));
    const cohorts = new Map(this.plan.cohorts.map((c) => [c.key, this.cohort(c)]));
    const drivers = new Map(this.plan.drivers.map((d) => [d.key, this.drivers(d)]));
    const scales = new Map<string, { count: number; first?: { file: string; line: number; value: number } }>();
    for (const s of this.plan.scaleChecks) {
      let count = 0;
      let first: { file: string; line: number; value: number } | undefined;
      for (let r = 0; r < this.table.rowCount; r++) {
        const v = this.eval(s.arg, this.row(r));
        const x = typeof v === "boolean" ? (v ? 1 : 0) : v;
        if (typeof x !== "number" || (Number.isInteger(x) && x >= s.min && x <= s.max)) continue;
        count++;
        if (!first) first = { file: this.table.fileOfRow ? this.table.files[this.table.fileOfRow[r]] : this.table.files[0], line: this.table.rowLines[r], value: x };
      }
      scales.set(s.key, { count, first });
    }
    const divisions = new Map<number, number>();
    for (const d of this.plan.divisions) {
      let count = 0;
      for (let r = 0; r < this.table.rowCount; r++) {
        if (!this.passes(r, d.window, d.where)) continue;
        const row = this.row(r);
        if (typeof this.eval(d.num, row) === "number" && this.eval(d.den, row) === 0) count++;
      }
      divisions.set(d.id, count);
    }
    return {
      breakdown: (b) => this.breakdown(b).out,
      measure: (key) => measures.get(key)!,
      funnel: (key) => funnels.get(key)!,
      cohort: (key) => cohorts.get(key)!,
      drivers: (key) => drivers.get(key)!,
      scale: (key) => scales.get(key) ?? { count: 0 },
      division: (id) => divisions.get(id) ?? 0,
    };
  }
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const a = [...values].sort((x, y) => x - y);
  const pos = (p / 100) * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return a[lo] + (pos - lo) * (a[hi] - a[lo]);
}

function codePointCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}
