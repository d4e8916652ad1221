// The version 2 analyses of the report (language-v2 §12–§14): funnels, retention cohorts and key drivers.
//
// Each is a <figure class="chart"> whose numbers are readable as a real table: the funnel and the
// retention heatmap *are* tables (bars and colours drawn inside their cells), the retention curve and the
// importance–performance chart are SVG drawings (role="img" with a summary) next to a visible table.
// Every string from the report goes in as a text node or an attribute through dom.ts.

import { type Builder, setVars } from "./dom";
import { formatCount, formatNumber, formatPercent, niceTicks } from "./format";
import type { CohortResult, DriverResult, DriversResult, FunnelResult, FunnelStep, ReportTouchpoint, SourceLocation } from "./types";

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const str = (v: unknown, fallback = ""): string => (v === null || v === undefined ? fallback : String(v));
const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v.filter((x) => x !== null && typeof x === "object") : []);

export interface AnalysisContext {
  b: Builder;
  /** A reveal button when a location is known, plain text otherwise. */
  link(text: string, loc: SourceLocation | null | undefined, what: string, cls?: string): HTMLElement;
  touchpoint(name: string | null | undefined): ReportTouchpoint | undefined;
}

/** The name of a step or driver that is a touchpoint: the touchpoint's label, linked to its definition. */
function touchpointName(ctx: AnalysisContext, name: string, label: string | null | undefined, touchpoint: string | null | undefined, cls: string): HTMLElement {
  const { h } = ctx.b;
  const tp = touchpoint ? ctx.touchpoint(touchpoint) : undefined;
  const shown = str(label) || str(tp?.label) || name;
  const el = h("span", { class: `${cls}-name` });
  if (tp || touchpoint) el.append(ctx.link(shown, tp?.location, "touchpoint", "tp-link"));
  else el.append(h("span", { class: "name" }, shown));
  if (shown !== name) el.append(" ", h("code", { class: "metric-id" }, name));
  return el;
}

// ---- funnels (§12) ----

export function funnelChart(ctx: AnalysisContext, f: FunnelResult): HTMLElement {
  const { h } = ctx.b;
  const steps = arr<FunnelStep>(f.steps);
  const name = str(f.label) || str(f.name);
  const first = steps.length && num(steps[0].customers) ? steps[0].customers : null;
  const customers = num(f.customers) ? f.customers : first;
  const fig = h(
    "figure",
    { class: "chart chart-funnel", "data-chart": "funnel", "data-funnel": str(f.name) },
    h(
      "figcaption",
      {},
      h("span", { class: "analysis-title" }, ctx.link(name, f.location, "funnel")),
      " ",
      h("span", { class: "analysis-value" }, formatPercent(f.value)),
      " ",
      h("span", { class: "analysis-caption" }, `of ${customers === null ? "the" : formatCount(customers)} customers at the first step reach the last`),
    ),
  );
  if (!steps.length) {
    fig.append(h("p", { class: "chart-empty" }, "This funnel has no steps."));
    return fig;
  }
  const tbody = h("tbody");
  steps.forEach((s, i) => {
    const prev = i > 0 ? steps[i - 1] : null;
    const share = first && first > 0 && num(s.customers) ? Math.min(1, Math.max(0, s.customers / first)) : 0;
    const bar = h("span", { class: "funnel-bar" });
    setVars(bar, { "--size": share });
    let drop: HTMLElement | string = "—";
    if (prev && num(prev.customers) && num(s.customers)) {
      const lost = prev.customers - s.customers;
      const pct = prev.customers > 0 ? lost / prev.customers : null;
      drop = h(
        "span",
        { class: "funnel-drop" },
        h("span", { class: "mark", "aria-hidden": "true" }, "↓ "),
        `${lost < 0 ? "+" : "−"}${formatCount(Math.abs(lost))}`,
        pct !== null ? h("span", { class: "drop-pct" }, ` (${formatPercent(Math.abs(pct))})`) : null,
      );
    }
    tbody.append(
      h(
        "tr",
        { class: "funnel-step", "data-step": str(s.name) },
        h("td", { class: "step-index-cell" }, h("span", { class: "step-index" }, String(i + 1))),
        h("th", { scope: "row", class: "col-name" }, touchpointName(ctx, str(s.name), s.label, s.touchpoint, "funnel-step")),
        h(
          "td",
          { class: "col-bar" },
          h("span", { class: "funnel-cell" }, h("span", { class: "funnel-track", "aria-hidden": "true" }, bar), h("span", { class: "funnel-customers" }, formatCount(s.customers))),
        ),
        h("td", { class: "num col-drop" }, drop),
        h("td", { class: "num col-conv" }, i === 0 ? "—" : formatPercent(s.conversion)),
        h("td", { class: "num col-overall" }, formatPercent(s.overall)),
      ),
    );
  });
  fig.append(
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "cx-table funnel-table" },
        h("caption", { class: "sr-only" }, `Funnel ${name}: customers per step, drop-off and conversion`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Step number")),
            h("th", { scope: "col" }, "Step"),
            h("th", { scope: "col" }, "Customers"),
            h("th", { scope: "col", class: "num" }, "Drop-off from previous"),
            h("th", { scope: "col", class: "num" }, "Conversion from previous"),
            h("th", { scope: "col", class: "num" }, "Conversion from first"),
          ),
        ),
        tbody,
      ),
    ),
  );
  return fig;
}

// ---- retention (§13) ----

const PERIOD_WORD: Record<string, [string, string]> = { week: ["week", "weeks"], month: ["month", "months"], quarter: ["quarter", "quarters"] };

function ageWord(period: string | null | undefined, plural = false): string {
  const w = PERIOD_WORD[str(period)] ?? ["period", "periods"];
  return plural ? w[1] : w[0];
}

const W = 560;

export function retentionView(ctx: AnalysisContext, c: CohortResult): HTMLElement {
  const { h, s } = ctx.b;
  const name = str(c.label) || str(c.name);
  const curve = arr(c.curve).filter((p) => num(p.age));
  const cohorts = arr(c.cohorts);
  const maxAge = Math.max(num(c.periods) ? c.periods : 0, ...curve.map((p) => p.age), ...cohorts.flatMap((r) => arr(r.ages).map((a) => (num(a.age) ? a.age : 0))));
  const ages = Array.from({ length: Math.max(0, Math.min(maxAge, 520)) + 1 }, (_, i) => i);
  const word = ageWord(c.period);
  const at = num(c.periods) ? c.periods : maxAge;
  const fig = h(
    "figure",
    { class: "chart chart-retention", "data-chart": "retention", "data-cohort": str(c.name) },
    h(
      "figcaption",
      {},
      h("span", { class: "analysis-title" }, ctx.link(name, c.location, "cohort")),
      " ",
      h("span", { class: "analysis-value" }, formatPercent(c.value)),
      " ",
      h("span", { class: "analysis-caption" }, `retained at ${word} ${at}${c.mode === "activity" ? " (active in that period)" : ""}`),
    ),
  );
  if (!curve.length && !cohorts.length) {
    fig.append(h("p", { class: "chart-empty" }, "No customers in this cohort analysis."));
    return fig;
  }

  // The curve: rate per age, 0–100 %.
  const H = 150;
  const pad = { l: 48, r: 12, t: 10, b: 26 };
  const plotW = W - pad.l - pad.r;
  const plotH = H - pad.t - pad.b;
  const x = (age: number) => pad.l + (ages.length > 1 ? (age * plotW) / (ages.length - 1) : plotW / 2);
  const y = (rate: number) => pad.t + plotH - Math.min(1, Math.max(0, rate)) * plotH;
  const rated = curve.filter((p) => num(p.rate));
  const summary = rated.length
    ? `Retention curve of ${name}: ${formatPercent(rated[0].rate)} at ${word} ${rated[0].age}` +
      (rated.length > 1 ? `, ${formatPercent(rated[rated.length - 1].rate)} at ${word} ${rated[rated.length - 1].age}` : "")
    : `Retention curve of ${name}: no ${word} observed yet`;
  const svg = s("svg", { class: "line-svg curve-svg", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": summary, focusable: "false" });
  const grid = s("g", { class: "grid" });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    grid.append(
      s("line", { x1: pad.l, x2: W - pad.r, y1: y(t), y2: y(t) }),
      s("text", { x: pad.l - 6, y: y(t) + 4, "text-anchor": "end", class: "tick" }, formatPercent(t, 0)),
    );
  }
  svg.append(grid);
  const step = Math.max(1, Math.ceil(ages.length / Math.max(1, Math.floor(plotW / 36))));
  const xl = s("g", { class: "x-labels" });
  for (const a of ages) if (a % step === 0 || a === ages.length - 1) xl.append(s("text", { x: x(a), y: H - 8, "text-anchor": "middle", class: "tick" }, String(a)));
  svg.append(xl);
  let d = "";
  let pen = false;
  for (const a of ages) {
    const p = curve.find((q) => q.age === a);
    if (p && num(p.rate)) {
      d += `${pen ? "L" : "M"}${x(a).toFixed(1)},${y(p.rate).toFixed(1)}`;
      pen = true;
    } else pen = false;
  }
  if (d) svg.append(s("path", { class: "line", d }));
  for (const p of rated) {
    svg.append(s("circle", { class: "pt", cx: x(p.age), cy: y(p.rate as number), r: 3 }, s("title", {}, `${word} ${p.age}: ${formatPercent(p.rate)} (${formatCount(p.retained)} of ${formatCount(p.observed)})`)));
  }
  fig.append(h("div", { class: "line-wrap curve-wrap" }, svg, h("p", { class: "axis-note" }, `Age in ${ageWord(c.period, true)} since the cohort's start`)));

  // The heatmap: cohorts × ages, retained ÷ observed; unobserved cells stay empty.
  const cell = (observed: number | undefined, retained: number | undefined, title: string): HTMLElement => {
    if (!num(observed) || observed <= 0) {
      return h("td", { class: "heat unobserved", title: `${title}: not observed yet` }, h("span", { class: "sr-only" }, "not observed"));
    }
    const rate = num(retained) ? retained / observed : 0;
    const td = h("td", { class: "heat num", title: `${title}: ${formatCount(retained)} of ${formatCount(observed)} retained (${formatPercent(rate)})` }, formatPercent(rate, 0));
    setVars(td, { "--rate": Math.min(1, Math.max(0, rate)).toFixed(3) });
    if (rate >= 0.6) td.classList.add("heat-strong");
    return td;
  };
  const tbody = h("tbody");
  for (const r of cohorts) {
    const byAge = new Map(arr(r.ages).map((a) => [a.age, a]));
    tbody.append(
      h(
        "tr",
        { class: "cohort-row", "data-cohort": str(r.cohort) },
        h("th", { scope: "row" }, str(r.cohort)),
        h("td", { class: "num col-customers" }, formatCount(r.customers)),
        ages.map((a) => cell(byAge.get(a)?.observed, byAge.get(a)?.retained, `${str(r.cohort)}, ${word} ${a}`)),
      ),
    );
  }
  const byAge = new Map(curve.map((p) => [p.age, p]));
  const total = cohorts.reduce((n, r) => n + (num(r.customers) ? r.customers : 0), 0);
  const tfoot = h(
    "tfoot",
    {},
    h(
      "tr",
      { class: "curve-row" },
      h("th", { scope: "row" }, "All cohorts"),
      h("td", { class: "num col-customers" }, formatCount(total)),
      ages.map((a) => cell(byAge.get(a)?.observed, byAge.get(a)?.retained, `All cohorts, ${word} ${a}`)),
    ),
  );
  fig.append(
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "cx-table heatmap" },
        h("caption", {}, `Retained ÷ observed customers per cohort and age (${ageWord(c.period, true)}); empty cells are not observed yet`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Cohort"), h("th", { scope: "col", class: "num" }, "Customers"), ages.map((a) => h("th", { scope: "col", class: "num age" }, String(a))))),
        tbody,
        tfoot,
      ),
    ),
  );
  return fig;
}

// ---- drivers (§14) ----

export type Quadrant = "fix_first" | "keep_up" | "lower_priority" | "possible_overkill";

export const QUADRANTS: Record<Quadrant, { text: string; hint: string }> = {
  fix_first: { text: "Fix first", hint: "high importance, low performance" },
  keep_up: { text: "Keep up", hint: "high importance, high performance" },
  lower_priority: { text: "Lower priority", hint: "low importance, low performance" },
  possible_overkill: { text: "Possible overkill", hint: "low importance, high performance" },
};

/**
 * The quadrant of each driver. Thresholds: the mean importance and the mean performance (mean score)
 * of the drivers that have both; a value equal to a threshold counts as high.
 */
export function quadrants(drivers: DriverResult[]): { importance: number | null; performance: number | null; of: (d: DriverResult) => Quadrant | null } {
  const placed = drivers.filter((d) => num(d.importance) && num(d.mean));
  if (!placed.length) return { importance: null, performance: null, of: () => null };
  const importance = placed.reduce((a, d) => a + (d.importance as number), 0) / placed.length;
  const performance = placed.reduce((a, d) => a + (d.mean as number), 0) / placed.length;
  return {
    importance,
    performance,
    of: (d) => {
      if (!num(d.importance) || !num(d.mean)) return null;
      const hi = d.importance >= importance;
      const good = d.mean >= performance;
      return hi ? (good ? "keep_up" : "fix_first") : good ? "possible_overkill" : "lower_priority";
    },
  };
}

function formatCorrelation(r: number | null | undefined): string {
  return num(r) ? formatNumber(r, 2) : "—";
}

export function driversChart(ctx: AnalysisContext, a: DriversResult): HTMLElement {
  const { h, s } = ctx.b;
  const drivers = arr<DriverResult>(a.drivers);
  const name = str(a.label) || str(a.name);
  const q = quadrants(drivers);
  const label = (d: DriverResult) => str(d.label) || str(ctx.touchpoint(d.touchpoint)?.label) || str(d.name);
  const fig = h(
    "figure",
    { class: "chart chart-drivers", "data-chart": "drivers", "data-drivers": str(a.name) },
    h(
      "figcaption",
      {},
      h("span", { class: "analysis-title" }, ctx.link(name, a.location, "drivers analysis")),
      a.outcome ? [" ", h("span", { class: "analysis-caption" }, `what moves ${str(a.outcome)}`)] : null,
      " ",
      h("span", { class: "analysis-stats" }, `n = ${formatCount(a.n)} · R² = ${num(a.r2) ? formatNumber(a.r2, 2) : "—"}`),
    ),
  );
  if (!drivers.length) {
    fig.append(h("p", { class: "chart-empty" }, "This analysis has no drivers."));
    return fig;
  }

  const body = h("div", { class: "drivers-body" });
  fig.append(body);
  const placed = drivers.filter((d) => q.of(d));
  if (placed.length) {
    const H = 320;
    const pad = { l: 56, r: 24, t: 14, b: 40 };
    const plotW = W - pad.l - pad.r;
    const plotH = H - pad.t - pad.b;
    const imps = placed.map((d) => d.importance as number);
    const means = placed.map((d) => d.mean as number);
    const xt = niceTicks(0, Math.max(...imps, 0.01), 4);
    const yt = niceTicks(Math.min(...means), Math.max(...means), 4);
    const [x0, x1, y0, y1] = [xt[0], xt[xt.length - 1], yt[0], yt[yt.length - 1]];
    const x = (v: number) => pad.l + ((v - x0) / (x1 - x0 || 1)) * plotW;
    const y = (v: number) => pad.t + plotH - ((v - y0) / (y1 - y0 || 1)) * plotH;
    const fix = placed.filter((d) => q.of(d) === "fix_first").map(label);
    const svg = s("svg", {
      class: "drivers-svg",
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      focusable: "false",
      "aria-label": `Importance–performance chart of ${placed.length} drivers. ${fix.length ? `Fix first: ${fix.join(", ")}.` : "No driver is both important and under-performing."} The table below lists every value.`,
    });
    const grid = s("g", { class: "grid" });
    for (const t of xt) grid.append(s("line", { x1: x(t), x2: x(t), y1: pad.t, y2: pad.t + plotH }), s("text", { x: x(t), y: pad.t + plotH + 16, "text-anchor": "middle", class: "tick" }, formatPercent(t, 0)));
    for (const t of yt) grid.append(s("line", { x1: pad.l, x2: W - pad.r, y1: y(t), y2: y(t) }), s("text", { x: pad.l - 6, y: y(t) + 4, "text-anchor": "end", class: "tick" }, formatNumber(t, 2, true)));
    svg.append(grid);
    svg.append(
      s("text", { class: "axis-title", x: pad.l + plotW / 2, y: H - 4, "text-anchor": "middle" }, "Importance (share of explained variance) →"),
      s("text", { class: "axis-title", x: 12, y: pad.t + plotH / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${pad.t + plotH / 2})` }, "Performance (mean score) →"),
    );
    // Quadrant dividers at the thresholds, and the quadrants' names in their corners.
    const qx = x(q.importance as number);
    const qy = y(q.performance as number);
    svg.append(
      s("line", { class: "quadrant-line", x1: qx, x2: qx, y1: pad.t, y2: pad.t + plotH }),
      s("line", { class: "quadrant-line", x1: pad.l, x2: W - pad.r, y1: qy, y2: qy }),
    );
    const corner = (k: Quadrant, right: boolean, top: boolean) =>
      s("text", { class: `quadrant-label q-${k}`, x: right ? W - pad.r - 4 : pad.l + 4, y: top ? pad.t + 12 : pad.t + plotH - 6, "text-anchor": right ? "end" : "start" }, QUADRANTS[k].text);
    svg.append(corner("keep_up", true, true), corner("fix_first", true, false), corner("possible_overkill", false, true), corner("lower_priority", false, false));

    // Points, each labelled; labels pushed apart vertically when they would overlap.
    const pts = placed
      .map((d) => ({ d, px: x(d.importance as number), py: y(d.mean as number), ly: y(d.mean as number) + 4 }))
      .sort((a, b) => a.py - b.py);
    for (let i = 1; i < pts.length; i++) {
      for (let j = 0; j < i; j++) {
        const near = Math.abs(pts[i].px - pts[j].px) < 150;
        if (near && pts[i].ly - pts[j].ly < 13) pts[i].ly = pts[j].ly + 13;
      }
    }
    const g = s("g", { class: "points" });
    for (const p of pts) {
      const k = q.of(p.d) as Quadrant;
      const right = p.px < W - pad.r - 120;
      g.append(
        s(
          "g",
          { class: `driver-point q-${k}`, "data-driver": str(p.d.name) },
          s("title", {}, `${label(p.d)}: importance ${formatPercent(p.d.importance)}, mean ${formatNumber(p.d.mean as number, 2)} (${QUADRANTS[k].text})`),
          s("circle", { cx: p.px, cy: p.py, r: 5 }),
          s("text", { class: "point-label", x: p.px + (right ? 9 : -9), y: p.ly, "text-anchor": right ? "start" : "end" }, label(p.d)),
        ),
      );
    }
    svg.append(g);
    body.append(h("div", { class: "drivers-wrap" }, svg));
  }

  const sorted = drivers.map((d, i) => ({ d, i })).sort((a, b) => (num(b.d.importance) ? b.d.importance : -1) - (num(a.d.importance) ? a.d.importance : -1) || a.i - b.i);
  const tbody = h("tbody");
  for (const { d } of sorted) {
    const k = q.of(d);
    tbody.append(
      h(
        "tr",
        { class: `driver-row${k ? ` q-${k}` : ""}`, "data-driver": str(d.name) },
        h("th", { scope: "row", class: "col-name" }, touchpointName(ctx, str(d.name), d.label, d.touchpoint, "driver")),
        h("td", { class: "num col-importance" }, num(d.importance) ? formatPercent(d.importance) : "—"),
        h("td", { class: "num col-correlation" }, formatCorrelation(d.correlation)),
        h("td", { class: "num col-mean" }, num(d.mean) ? formatNumber(d.mean, 2) : "—"),
        h("td", { class: "col-quadrant" }, k ? h("span", { class: `quadrant q-${k}`, title: QUADRANTS[k].hint }, QUADRANTS[k].text) : h("span", { class: "muted" }, "not in the model")),
      ),
    );
  }
  const thresholds =
    q.importance !== null && q.performance !== null
      ? `Quadrants split at the drivers' mean importance (${formatPercent(q.importance)}) and mean performance (${formatNumber(q.performance, 2)}).`
      : "No driver has both an importance and a mean.";
  body.append(
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "cx-table drivers-table" },
        h("caption", { class: "sr-only" }, `Drivers of ${name}, most important first; n = ${formatCount(a.n)}, R² = ${num(a.r2) ? formatNumber(a.r2, 2) : "unknown"}`),
        h(
          "thead",
          {},
          h("tr", {}, h("th", { scope: "col" }, "Driver"), h("th", { scope: "col", class: "num" }, "Importance"), h("th", { scope: "col", class: "num" }, "Correlation"), h("th", { scope: "col", class: "num" }, "Mean"), h("th", { scope: "col" }, "Quadrant")),
        ),
        tbody,
        h("tfoot", {}, h("tr", {}, h("td", { colspan: 5, class: "drivers-note" }, `n = ${formatCount(a.n)} complete cases · R² = ${num(a.r2) ? formatNumber(a.r2, 2) : "—"} · ${thresholds}`))),
      ),
    ),
  );
  return fig;
}
