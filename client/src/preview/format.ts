// Value formatting for the scorecard preview: pure functions, no DOM. The output is plain text that the
// renderer inserts with text nodes. Formatting is fixed to en-US digits so that screenshots and tests are
// stable whatever the machine's locale.

import type { ConfidenceInterval, GoalStatus, KeyValue, Threshold } from "./types";

export const MINUS = "\u2212";
export const EN_DASH = "\u2013";

export interface FormatOptions {
  /** Display precision from the metric's `decimals:`; a default per unit otherwise. */
  decimals?: number | null;
  /** A currency code such as "EUR" (for unit `currency`). */
  currency?: string | null;
  /** Points get a leading "+" when positive (default true); thresholds and axes turn it off. */
  signed?: boolean;
  /** Drop trailing zeros after the decimal point (thresholds, axis ticks). */
  compact?: boolean;
}

const DURATION_SUFFIX: Record<string, [string, string]> = {
  seconds: ["s", "s"],
  minutes: ["min", "min"],
  hours: ["h", "h"],
  days: ["day", "days"],
};

const CURRENCY_SYMBOL: Record<string, string> = {
  EUR: "€",
  USD: "$",
  GBP: "£",
  JPY: "¥",
  INR: "₹",
  KRW: "₩",
};

/** Splits `currency "EUR"`, `currency EUR` or `currency:EUR` into the unit and the code. */
export function parseUnit(unit: string | null | undefined, currency?: string | null): { unit: string; currency: string | null } {
  const raw = typeof unit === "string" ? unit.trim() : "";
  const m = /^currency\s*[:\s]\s*"?([A-Za-z]{3})"?$/.exec(raw);
  if (m) return { unit: "currency", currency: m[1].toUpperCase() };
  const code = typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency.trim()) ? currency.trim().toUpperCase() : null;
  return { unit: raw || "number", currency: code };
}

export function isLowerBetterUnit(unit: string | null | undefined): boolean {
  return parseUnit(unit).unit in DURATION_SUFFIX;
}

function validDecimals(d: number | null | undefined): number | undefined {
  return typeof d === "number" && Number.isFinite(d) ? Math.min(10, Math.max(0, Math.round(d))) : undefined;
}

/** |x| with `d` decimals and thousands separators, and whether the rounded value is negative. */
function digits(x: number, d: number, compact: boolean): { text: string; negative: boolean; zero: boolean } {
  let text = Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: true });
  if (compact && text.includes(".")) text = text.replace(/\.?0+$/, "");
  const zero = /^[0.,]*$/.test(text);
  return { text, negative: x < 0 && !zero, zero };
}

/** A plain number with thousands separators and a typographic minus. */
export function formatNumber(x: number, decimals = 0, compact = false): string {
  if (!Number.isFinite(x)) return "n/a";
  const { text, negative } = digits(x, decimals, compact);
  return (negative ? MINUS : "") + text;
}

/** A count of rows or a sample size: `12,345`. */
export function formatCount(n: number | null | undefined): string {
  return typeof n === "number" && Number.isFinite(n) ? formatNumber(n, Number.isInteger(n) ? 0 : 1) : "—";
}

/**
 * A metric value as a person reads it: percent `84.2 %`, points `+42.5` / `−3.1`, currency `€ 281.77` or
 * `281.77 CHF`, durations `4.2 h`, `12 min`, `3.5 days`, counts `12,345`. `null` is "no data".
 */
export function formatValue(value: number | null | undefined, unitIn?: string | null, opts: FormatOptions = {}): string {
  if (value === null || value === undefined) return "no data";
  if (typeof value !== "number" || !Number.isFinite(value)) return "n/a";
  const { unit, currency } = parseUnit(unitIn, opts.currency);
  const explicit = validDecimals(opts.decimals);
  const compact = opts.compact ?? false;
  switch (unit) {
    case "percent": {
      const { text, negative } = digits(value * 100, explicit ?? 1, compact);
      return `${negative ? MINUS : ""}${text} %`;
    }
    case "points": {
      const { text, negative, zero } = digits(value, explicit ?? 1, compact);
      const sign = negative ? MINUS : !zero && opts.signed !== false ? "+" : "";
      return sign + text;
    }
    case "currency": {
      const { text, negative } = digits(value, explicit ?? 2, compact);
      const n = (negative ? MINUS : "") + text;
      if (!currency) return n;
      const symbol = CURRENCY_SYMBOL[currency];
      return symbol ? `${symbol} ${n}` : `${n} ${currency}`;
    }
    case "count": {
      const d = explicit ?? (Number.isInteger(value) ? 0 : 1);
      return formatNumber(value, d, compact);
    }
    case "seconds":
    case "minutes":
    case "hours":
    case "days": {
      const d = explicit ?? 1;
      const { text, negative } = digits(value, d, compact || explicit === undefined);
      const [one, many] = DURATION_SUFFIX[unit];
      return `${negative ? MINUS : ""}${text} ${text === "1" ? one : many}`;
    }
    default: {
      const d = explicit ?? (Number.isInteger(value) ? 0 : 2);
      return formatNumber(value, d, compact);
    }
  }
}

const OPS: Record<string, string> = { ">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<", "!=": "≠" };

export function formatOp(op: string): string {
  return OPS[op] ?? op;
}

/** A goal threshold: `≥ 40`, `≥ 80 %`, `≤ 4 h`. */
export function formatThreshold(t: Threshold | null | undefined, unit?: string | null, opts: FormatOptions = {}): string {
  if (!t || typeof t.value !== "number") return "—";
  return `${formatOp(String(t.op))} ${formatValue(t.value, unit, { ...opts, signed: false, compact: true })}`;
}

/** Whether `v` satisfies a threshold (the rule of language.md §5.4). */
export function satisfies(v: number, t: Threshold): boolean {
  switch (t.op) {
    case ">=": return v >= t.value;
    case ">": return v > t.value;
    case "<=": return v <= t.value;
    case "<": return v < t.value;
    case "==": return v === t.value;
    case "!=": return v !== t.value;
    default: return false;
  }
}

/** The status a value would have against a goal's thresholds (used to colour breakdown bars). */
export function statusFor(v: number | null, target: Threshold | null | undefined, warn?: Threshold | null): GoalStatus | null {
  if (!target) return null;
  if (v === null || !Number.isFinite(v)) return "no_data";
  if (satisfies(v, target)) return "met";
  if (warn && satisfies(v, warn)) return "at_risk";
  return "missed";
}

export function formatLevel(level: number): string {
  const pct = level <= 1 ? level * 100 : level;
  return `${formatNumber(pct, 1, true)} %`;
}

/** `95 % CI 38.1 – 46.9` */
export function formatCi(ci: ConfidenceInterval | null | undefined, unit?: string | null, opts: FormatOptions = {}): string | null {
  if (!ci || typeof ci.low !== "number" || typeof ci.high !== "number") return null;
  const level = typeof ci.level === "number" ? `${formatLevel(ci.level)} ` : "";
  return `${level}CI ${formatValue(ci.low, unit, opts)} ${EN_DASH} ${formatValue(ci.high, unit, opts)}`;
}

export interface StatusInfo {
  mark: string;
  text: string;
  /** A CSS class suffix: `status-met` etc. */
  cls: string;
}

const STATUS: Record<GoalStatus, StatusInfo> = {
  met: { mark: "✓", text: "Met", cls: "met" },
  at_risk: { mark: "⚠", text: "At risk", cls: "at_risk" },
  missed: { mark: "✗", text: "Missed", cls: "missed" },
  no_data: { mark: "–", text: "No data", cls: "no_data" },
};

export const STATUS_ORDER: GoalStatus[] = ["met", "at_risk", "missed", "no_data"];

export function statusInfo(status: string | null | undefined): StatusInfo {
  if (status && Object.prototype.hasOwnProperty.call(STATUS, status)) return STATUS[status as GoalStatus];
  return { mark: "?", text: String(status ?? "unknown"), cls: "unknown" };
}

/** A breakdown key as a short label: `web`, `web · EU`; null is `(null)`. */
export function keyLabel(key: Record<string, KeyValue> | null | undefined): string {
  if (!key || typeof key !== "object") return "";
  const parts = Object.values(key).map(keyValueText);
  return parts.join(" · ");
}

export function keyValueText(v: KeyValue | undefined): string {
  if (v === null || v === undefined) return "(null)";
  return String(v);
}

/** `channel` or `channel, region` */
export function keyColumns(groups: { key: Record<string, KeyValue> }[]): string[] {
  const cols: string[] = [];
  for (const g of groups) {
    if (!g || !g.key || typeof g.key !== "object") continue;
    for (const k of Object.keys(g.key)) if (!cols.includes(k)) cols.push(k);
  }
  return cols;
}

/** Nice round ticks covering [lo, hi] (for chart axes). */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const span = hi - lo;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start, i = 0; v <= end + step / 1e6 && i < 50; v += step, i++) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

// ---- changes (language-v2 §11.2) ----

export type Direction = "up" | "down" | "flat";

/**
 * A change as a person reads it, formatted by the metric's unit: percent metrics in percentage points
 * (`+3.3 pts`, the change being a fraction), NPS and other points metrics in points (`−8.0 pts`), every
 * other unit in the metric's own unit (`+€ 2.10`, `+1.5 h`, `+120`). Always signed; zero is unsigned.
 */
export function formatChange(change: number | null | undefined, unitIn?: string | null, opts: FormatOptions = {}): string {
  if (change === null || change === undefined) return "no change known";
  if (typeof change !== "number" || !Number.isFinite(change)) return "n/a";
  const { unit, currency } = parseUnit(unitIn, opts.currency);
  const explicit = validDecimals(opts.decimals);
  let text: string;
  let negative: boolean;
  let zero: boolean;
  if (unit === "percent" || unit === "points") {
    ({ text, negative, zero } = digits(unit === "percent" ? change * 100 : change, explicit ?? 1, false));
    text += " pts";
  } else {
    text = formatValue(Math.abs(change), unit === "currency" && currency ? `currency "${currency}"` : unit, { ...opts, signed: false });
    // Zero when no digit other than 0 is shown ("0", "€ 0.00", "0.0 h").
    zero = !/[1-9]/.test(text);
    negative = change < 0 && !zero;
  }
  return (negative ? MINUS : zero ? "" : "+") + text;
}

/** The direction of a change as displayed: a change that rounds to zero is flat. */
export function changeDirection(change: number | null | undefined, unitIn?: string | null, opts: FormatOptions = {}): Direction {
  const text = formatChange(change, unitIn, opts);
  if (text.startsWith("+")) return "up";
  if (text.startsWith(MINUS)) return "down";
  return "flat";
}

export const ARROW: Record<Direction, string> = { up: "▲", down: "▼", flat: "–" };

/** A p-value with two significant digits (at least two decimals): `0.031`, `0.03`, `0.41`, `0.0026`, `< 0.001`. */
export function formatP(p: number | null | undefined): string {
  if (typeof p !== "number" || !Number.isFinite(p)) return "n/a";
  if (p < 0.001) return "< 0.001";
  const d = Math.max(2, 1 - Math.floor(Math.log10(p)));
  // Two significant digits, but no trailing zero beyond the second decimal: 0.030 is "0.03".
  return `= ${p.toFixed(d).replace(/(\.\d\d\d*?)0+$/, "$1")}`;
}

/**
 * The significance part of a change badge: `significant (p = 0.031)`, `not significant (p = 0.41)`;
 * without a test (p null) `no significance test`; with a p-value but no verdict `p = 0.41`.
 */
export function significanceText(p: number | null | undefined, significant: boolean | null | undefined): { text: string; kind: "significant" | "not-significant" | "untested" } {
  const hasP = typeof p === "number" && Number.isFinite(p);
  if (significant === true) return { text: hasP ? `significant (p ${formatP(p)})` : "significant", kind: "significant" };
  if (significant === false) return { text: hasP ? `not significant (p ${formatP(p)})` : "not significant", kind: "not-significant" };
  if (hasP) return { text: `p ${formatP(p)}`, kind: "untested" };
  return { text: "no significance test", kind: "untested" };
}

/** "vs previous 90 days": the report's label, else one from the comparison kind. */
export function compareLabel(compare: { kind?: string | null; label?: string | null; asOf?: string | null } | null | undefined): string {
  const label = typeof compare?.label === "string" ? compare.label.trim() : "";
  if (label) return `vs ${label}`;
  const asOf = typeof compare?.asOf === "string" && compare.asOf ? ` (as of ${compare.asOf})` : "";
  if (compare?.kind === "last_year") return `vs same period last year${asOf}`;
  return `vs previous period${asOf}`;
}

/** A share as a percentage: `61.6 %`. */
export function formatPercent(x: number | null | undefined, decimals = 1): string {
  return formatValue(x, "percent", { decimals });
}

/** A stable identity for a breakdown key (to match a goal's groups with the metric's groups). */
export function keyId(key: Record<string, KeyValue> | null | undefined): string {
  if (!key || typeof key !== "object") return "";
  return JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k] ?? null]));
}
