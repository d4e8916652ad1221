// Funnels (language-v2 §12), natively. During the source's one pass each step's filter (customer
// and timestamp not null, the step's condition, and for step 1 the window) collects the rows it
// selects into a growable Int32Array; afterwards the steps are resolved in order, one linear scan
// of each step's rows, with per-customer state in typed arrays:
//   t₁[c] = the earliest timestamp of c's step-1 rows;
//   tₖ[c] = the earliest timestamp of c's step-k rows with tₖ ≥ tₖ₋₁[c] and, with `within`,
//           tₖ ≤ t₁[c] + within.
// Customers are dense ids of the customer column (kernel.denseIds: a text column's codes, other
// types numbered once per column). Timestamps are instants: a datetime as it is, a date at its
// local midnight in the workspace zone (as the reference executor and `minutes_between`), so
// `within` compares elapsed time — across a daylight-saving change, two consecutive dates are 23
// or 25 hours apart.
import type { Column } from "../../data/table";
import type { FunnelOutput } from "../../plan/plan";
import { denseIds, type Consumer, type Filter, type Operand } from "./kernel";
import type { Zone } from "../../time/zone";
import { MS_PER_DAY } from "./vector";

/** The rows a filter selects over the whole pass, in row order. */
export class RowCollector implements Consumer {
  readonly operands: Operand[] = [];
  rows = new Int32Array(1024);
  count = 0;
  constructor(readonly filter: Filter) {}
  consume(): void {
    const { sel, n } = this.filter;
    if (this.count + n > this.rows.length) {
      const next = new Int32Array(Math.max(this.rows.length * 2, this.count + n));
      next.set(this.rows.subarray(0, this.count));
      this.rows = next;
    }
    this.rows.set(sel.subarray(0, n), this.count);
    this.count += n;
  }
  finish(): void {}
}

/** Resolves a funnel from the rows each step selected. */
export function resolveFunnel(steps: RowCollector[], customer: Column | undefined, ts: Column | undefined, rowCount: number, withinMs: number | undefined, zone: Zone): FunnelOutput {
  const customers = steps.map(() => 0);
  if (!customer || !ts || ts.type === "text") return { customers };
  const { codes, ids, count } = denseIds(customer, rowCount);
  const vals = ts.values;
  // A date's local midnight: d·day − offset in a fixed zone, else per distinct day through the zone.
  const date = ts.type === "date";
  const fixed = zone.fixed ? zone.offsetAt(0) : undefined;
  const midnights = new Map<number, number>();
  const instant = (v: number): number => {
    if (!date) return v;
    if (fixed !== undefined) return v * MS_PER_DAY - fixed;
    let t = midnights.get(v);
    if (t === undefined) midnights.set(v, (t = zone.fromLocal(v * MS_PER_DAY)));
    return t;
  };
  const within = withinMs ?? Infinity;
  const first = new Float64Array(count + 1).fill(NaN);
  let prev = first;
  for (let k = 0; k < steps.length; k++) {
    const { rows, count: m } = steps[k];
    const cur = k === 0 ? first : new Float64Array(count + 1).fill(NaN);
    for (let i = 0; i < m; i++) {
      const r = rows[i];
      const c = codes ? codes[r] + 1 : ids![r];
      const t = instant(vals[r]);
      if (k > 0) {
        const p = prev[c];
        if (!(t >= p) || t > first[c] + within) continue; // no earlier step (NaN), before it, or too late
      }
      const best = cur[c];
      if (!(t >= best)) cur[c] = t; // NaN best: the first one
    }
    let reached = 0;
    for (let c = 1; c <= count; c++) if (cur[c] === cur[c]) reached++;
    customers[k] = reached;
    prev = cur;
  }
  return { customers };
}
