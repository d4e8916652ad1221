// Hand-made charts: a bar chart for `by` breakdowns (HTML bars, so labels wrap and stay real text) and an
// SVG line chart for trends. Colours come from CSS classes bound to VS Code's theme variables, so a theme
// change restyles them without a redraw. Each chart is a <figure> whose visual part is aria-hidden and
// whose data is also a real <table> (visually hidden) for screen readers. Change badges (language-v2 §11.2)
// are built here too, for metrics and for each group.

import { type Builder, setVars } from "./dom";
import {
  ARROW,
  type FormatOptions,
  changeDirection,
  formatChange,
  formatCi,
  formatCount,
  formatThreshold,
  formatValue,
  keyColumns,
  keyId,
  keyLabel,
  keyValueText,
  niceTicks,
  significanceText,
  statusFor,
  statusInfo,
} from "./format";
import type { ChangeFields, GoalGroupResult, MetricGroup, Threshold, TrendPoint } from "./types";

export interface ChartContext {
  /** The metric's display name, for captions and labels. */
  metricLabel: string;
  unit: string | null | undefined;
  fmt: FormatOptions;
  /**
   * The metric's goal, if any: drawn as reference lines. With `groups` (a `scope: groups` goal) the
   * bars take their statuses from the report's goal groups; otherwise from the thresholds.
   */
  goal?: { name?: string; target: Threshold | null; warn?: Threshold | null; groups?: GoalGroupResult[] } | null;
  /** "vs previous 90 days" when the metric is compared (groups then carry their own changes). */
  compareLabel?: string | null;
}

export interface ChangeBadgeOptions {
  unit: string | null | undefined;
  fmt: FormatOptions;
  /** "vs previous 90 days" */
  label: string;
  asOf?: string | null;
  /** Groups: the comparison label is read by screen readers only (the chart's caption shows it). */
  compact?: boolean;
}

/**
 * A change badge: arrow, the change formatted by unit, what it is compared with, and the verdict of the
 * significance test. A change that is not significant is muted and says so in words, with a hollow
 * circle instead of a filled one, so colour is never the only cue.
 */
export function changeBadge(b: Builder, c: ChangeFields, opts: ChangeBadgeOptions): HTMLElement {
  const { unit, fmt, label } = opts;
  if (!num(c.change)) {
    const why = num(c.previous) ? "no change" : "no previous value";
    return b.h(
      "span",
      { class: "change change-none", "data-direction": "none", "data-significance": "none" },
      b.h("span", { class: "change-arrow", "aria-hidden": "true" }, "–"),
      " ",
      b.h("span", { class: "change-value" }, why),
      " ",
      b.h("span", { class: opts.compact ? "change-vs sr-only" : "change-vs" }, label),
    );
  }
  const dir = changeDirection(c.change, unit, fmt);
  const sig = significanceText(c.p, c.significant);
  const icon = sig.kind === "significant" ? "●" : sig.kind === "not-significant" ? "○" : "◌";
  const previous = num(c.previous) ? formatValue(c.previous, unit, fmt) : null;
  return b.h(
    "span",
    {
      class: `change change-${dir} change-${sig.kind}`,
      "data-direction": dir,
      "data-significance": sig.kind,
      title: previous ? `previous value ${previous}${opts.asOf ? ` (as of ${opts.asOf})` : ""}` : undefined,
    },
    b.h("span", { class: "change-arrow", "aria-hidden": "true" }, ARROW[dir]),
    " ",
    b.h("span", { class: "change-value" }, formatChange(c.change, unit, fmt)),
    " ",
    b.h("span", { class: opts.compact ? "change-vs sr-only" : "change-vs" }, label, !opts.compact && previous ? ` (${previous})` : ""),
    " ",
    b.h("span", { class: "change-sig" }, b.h("span", { class: "sig-icon", "aria-hidden": "true" }, icon), " ", sig.text),
  );
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function hasCi(points: { ci?: unknown; n?: unknown }[]): { ci: boolean; n: boolean } {
  return { ci: points.some((p) => p && p.ci), n: points.some((p) => p && num(p.n)) };
}

export function barChart(b: Builder, groups: MetricGroup[], ctx: ChartContext): HTMLElement {
  const list = Array.isArray(groups) ? groups.filter((g) => g && typeof g === "object") : [];
  const cols = keyColumns(list);
  const caption = `By ${cols.length ? cols.join(", ") : "group"}`;
  const figcaption = b.h("figcaption", {}, caption);
  const fig = b.h("figure", { class: "chart chart-bar", "data-chart": "by" }, figcaption);
  if (list.length === 0) {
    fig.append(b.h("p", { class: "chart-empty" }, "No groups."));
    return fig;
  }

  const values = list.map((g) => g.value).filter(num);
  const refs = [ctx.goal?.target?.value, ctx.goal?.warn?.value].filter(num);
  let lo = Math.min(0, ...values, ...refs);
  let hi = Math.max(0, ...values, ...refs);
  const unit = ctx.unit ?? "";
  if (unit === "percent" && lo >= 0 && hi <= 1 && hi > 0.5) hi = 1;
  else {
    // Round the ends out to nice numbers, so that bars of small rates are not slivers of 100 %.
    const ticks = niceTicks(lo, hi, 4);
    if (ticks.length) {
      lo = Math.min(lo, ticks[0]);
      hi = Math.max(hi, ticks[ticks.length - 1]);
    }
  }
  if (hi === lo) hi = lo + 1;
  const pos = (v: number) => (v - lo) / (hi - lo);

  const goalGroups = ctx.goal?.groups ? new Map(ctx.goal.groups.filter((x) => x && typeof x === "object").map((x) => [keyId(x.key), x])) : null;
  const statusOf = (g: MetricGroup): string | null => {
    if (!ctx.goal) return null;
    if (goalGroups) return goalGroups.get(keyId(g.key))?.status ?? null;
    return num(g.value) ? statusFor(g.value, ctx.goal.target, ctx.goal.warn) : null;
  };
  const compared = !!ctx.compareLabel;
  if (compared) figcaption.append(b.h("span", { class: "chart-delta" }, ` · change ${ctx.compareLabel}`));
  if (goalGroups) {
    const failing = list.filter((g) => {
      const st = statusOf(g);
      return st === "missed" || st === "at_risk";
    }).length;
    figcaption.append(b.h("span", { class: "chart-delta chart-failing" }, ` · ${failing ? `${failing} not meeting` : "all meet"} ${ctx.goal?.name ? `goal ${ctx.goal.name}` : "the goal"}`));
  }

  const bars = b.h("div", { class: `bars${compared ? " has-change" : ""}`, "aria-hidden": "true" });
  for (const g of list) {
    const label = keyLabel(g.key);
    const title = Object.entries(g.key ?? {}).map(([k, v]) => `${k} = ${keyValueText(v)}`).join(", ");
    const status = statusOf(g);
    const st = status ? statusInfo(status) : null;
    const bar = b.h("span", { class: "bar" });
    const track = b.h("span", { class: "bar-track" }, b.h("span", { class: "bar-zero" }), bar);
    setVars(track, { "--zero": pos(0) });
    if (num(g.value)) {
      const a = pos(Math.min(0, g.value));
      const z = pos(Math.max(0, g.value));
      setVars(bar, { "--start": a, "--size": Math.max(z - a, 0.002) });
    } else {
      bar.classList.add("bar-none");
    }
    if (ctx.goal?.target && num(ctx.goal.target.value)) {
      const mark = b.h("span", { class: "bar-goal", title: `target ${formatThreshold(ctx.goal.target, unit, ctx.fmt)}` });
      setVars(mark, { "--at": pos(ctx.goal.target.value) });
      track.append(mark);
    }
    bars.append(
      b.h(
        "div",
        { class: `bar-row${st ? ` status-${st.cls}` : ""}` },
        b.h("span", { class: "bar-label", title }, label),
        track,
        b.h("span", { class: "bar-value" }, formatValue(g.value, unit, ctx.fmt), st ? b.h("span", { class: "mark", title: st.text }, ` ${st.mark}`) : null),
        compared ? changeBadge(b, g, { unit, fmt: ctx.fmt, label: ctx.compareLabel!, compact: true }) : null,
      ),
    );
  }
  fig.append(bars);

  const extra = hasCi(list);
  const head = [
    ...cols,
    "Value",
    ...(extra.ci ? ["Interval"] : []),
    ...(compared ? [`Change ${ctx.compareLabel}`, "Previous", "Significance"] : []),
    ...(extra.n ? ["n"] : []),
    "Rows",
    ...(ctx.goal ? ["Against goal"] : []),
  ];
  const rows = list.map((g) => {
    const raw = statusOf(g);
    const status = raw ? statusInfo(raw) : null;
    return [
      ...cols.map((c) => keyValueText(g.key?.[c])),
      formatValue(g.value, unit, ctx.fmt),
      ...(extra.ci ? [formatCi(g.ci, unit, ctx.fmt) ?? "—"] : []),
      ...(compared ? [num(g.change) ? formatChange(g.change, unit, ctx.fmt) : "—", num(g.previous) ? formatValue(g.previous, unit, ctx.fmt) : "—", num(g.change) ? significanceText(g.p, g.significant).text : "—"] : []),
      ...(extra.n ? [formatCount(g.n)] : []),
      formatCount(g.rows),
      ...(ctx.goal ? [status ? status.text : "—"] : []),
    ];
  });
  fig.append(dataTable(b, `${ctx.metricLabel}, ${caption.toLowerCase()}`, head, rows));
  return fig;
}

const W = 560;
const H = 190;
const PAD = { l: 60, r: 16, t: 14, b: 28 };

export function lineChart(b: Builder, trend: TrendPoint[], ctx: ChartContext): HTMLElement {
  const list = Array.isArray(trend) ? trend.filter((p) => p && typeof p === "object") : [];
  const unit = ctx.unit ?? "";
  const caption = b.h("figcaption", {}, "Trend");
  const fig = b.h("figure", { class: "chart chart-line", "data-chart": "trend" }, caption);
  if (list.length === 0) {
    fig.append(b.h("p", { class: "chart-empty" }, "No periods with data."));
    return fig;
  }
  const withValue = list.filter((p) => num(p.value));
  if (withValue.length >= 2) {
    const last = withValue[withValue.length - 1];
    const prev = withValue[withValue.length - 2];
    const delta = (last.value as number) - (prev.value as number);
    const arrow = ARROW[changeDirection(delta, unit, ctx.fmt)];
    caption.append(
      b.h("span", { class: "chart-delta" }, ` · ${String(last.period)}: ${formatValue(last.value, unit, ctx.fmt)} `, b.h("span", { "aria-hidden": "true" }, arrow), ` ${formatChange(delta, unit, ctx.fmt)} vs ${String(prev.period)}`),
    );
  }

  const values = withValue.map((p) => p.value as number);
  const refs = [ctx.goal?.target?.value, ctx.goal?.warn?.value].filter(num);
  const all = [...values, ...refs];
  const ticks = niceTicks(Math.min(...all), Math.max(...all), 4);
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const plotW = W - PAD.l - PAD.r;
  const plotH = H - PAD.t - PAD.b;
  const x = (i: number) => (list.length === 1 ? PAD.l + plotW / 2 : PAD.l + (i * plotW) / (list.length - 1));
  const y = (v: number) => PAD.t + plotH - ((v - lo) / (hi - lo || 1)) * plotH;

  const svg = b.s("svg", { class: "line-svg", viewBox: `0 0 ${W} ${H}`, "aria-hidden": "true", focusable: "false" });
  const grid = b.s("g", { class: "grid" });
  for (const t of ticks) {
    grid.append(
      b.s("line", { x1: PAD.l, x2: W - PAD.r, y1: y(t), y2: y(t) }),
      b.s("text", { x: PAD.l - 8, y: y(t) + 4, "text-anchor": "end", class: "tick" }, formatValue(t, unit, { ...ctx.fmt, compact: true, signed: false, decimals: Math.max(ctx.fmt.decimals ?? 2, 2) })),
    );
  }
  svg.append(grid);

  const step = Math.max(1, Math.ceil(list.length / Math.max(1, Math.floor(plotW / 64))));
  const xl = b.s("g", { class: "x-labels" });
  list.forEach((p, i) => {
    const last = i === list.length - 1;
    if (i % step === 0 || (last && i % step >= step / 2)) {
      xl.append(b.s("text", { x: x(i), y: H - 8, "text-anchor": "middle", class: "tick" }, String(p.period)));
    }
  });
  svg.append(xl);

  for (const [cls, t] of [["goal-warn", ctx.goal?.warn], ["goal-target", ctx.goal?.target]] as const) {
    if (!t || !num(t.value)) continue;
    const label = `${cls === "goal-target" ? "target" : "warn"} ${formatThreshold(t, unit, ctx.fmt)}`;
    svg.append(
      b.s("line", { class: `goal-line ${cls}`, x1: PAD.l, x2: W - PAD.r, y1: y(t.value), y2: y(t.value) }),
      b.s("text", { class: `goal-label ${cls}`, x: W - PAD.r, y: y(t.value) - 4, "text-anchor": "end" }, label),
    );
  }

  // The line, broken where a period has no value.
  let d = "";
  let pen = false;
  list.forEach((p, i) => {
    if (num(p.value)) {
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
      pen = true;
    } else pen = false;
  });
  if (values.length === list.length && list.length > 1) {
    const area = `${d}L${x(list.length - 1).toFixed(1)},${(PAD.t + plotH).toFixed(1)}L${x(0).toFixed(1)},${(PAD.t + plotH).toFixed(1)}Z`;
    svg.append(b.s("path", { class: "area", d: area }));
  }
  if (d) svg.append(b.s("path", { class: "line", d }));
  list.forEach((p, i) => {
    if (!num(p.value)) return;
    const st = ctx.goal ? statusFor(p.value, ctx.goal.target, ctx.goal.warn) : null;
    svg.append(
      b.s("circle", { class: `pt${st ? ` status-${statusInfo(st).cls}` : ""}`, cx: x(i), cy: y(p.value), r: 3.5 }, b.s("title", {}, `${String(p.period)}: ${formatValue(p.value, unit, ctx.fmt)}`)),
    );
  });
  fig.append(b.h("div", { class: "line-wrap" }, svg));

  const extra = hasCi(list);
  const head = ["Period", "Value", ...(extra.ci ? ["Interval"] : []), ...(extra.n ? ["n"] : []), "Rows"];
  const rows = list.map((p) => [
    String(p.period),
    formatValue(p.value, unit, ctx.fmt),
    ...(extra.ci ? [formatCi(p.ci, unit, ctx.fmt) ?? "—"] : []),
    ...(extra.n ? [formatCount(p.n)] : []),
    formatCount(p.rows),
  ]);
  fig.append(dataTable(b, `${ctx.metricLabel}, trend`, head, rows));
  return fig;
}

/**
 * The accessible alternative of a chart: a real table, visually hidden. The hiding box is a <div>: a
 * table ignores `width: 1px` and would widen the page in a narrow panel.
 */
export function dataTable(b: Builder, caption: string, head: string[], rows: string[][]): HTMLElement {
  return b.h(
    "div",
    { class: "sr-only" },
    b.h(
      "table",
      { class: "chart-table" },
      b.h("caption", {}, caption),
      b.h("thead", {}, b.h("tr", {}, head.map((c) => b.h("th", { scope: "col" }, c)))),
      b.h("tbody", {}, rows.map((r) => b.h("tr", {}, r.map((c, i) => (i === 0 ? b.h("th", { scope: "row" }, c) : b.h("td", {}, c)))))),
    ),
  );
}
