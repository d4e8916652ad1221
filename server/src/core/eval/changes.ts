// Changes as every output writes them (§11.2): signed changes by unit, p-values, arrows and the
// comparison sentence `▲ +4.2 pts vs previous 90 days, significant (p = 0.03)`. One place, so that
// the CLI's formats, hovers, inlay hints and code lenses say the same. Texts are not escaped: a
// host escapes them for where they go (the currency and the period label come from .cx files).
import type { Unit } from "../semantics/schema";
import type { CompareResult, GroupResult } from "./results";
import { formatValue } from "./format";

/** How a value is written: its unit, currency and fixed decimals. */
export interface UnitInfo {
  unit: Unit | null;
  currency?: string;
  decimals?: number;
}

export const MAX_DECIMALS = 12;

/** Digits after the decimal point in a formatted value. */
export function decimalsIn(text: string): number {
  return /\.(\d+)/.exec(text)?.[1].length ?? 0;
}

/**
 * A signed change: `+4.2 pts`, `−1.5 min`, `+€12.50`. Percent metrics change in percentage points
 * (`pts`), like points metrics; other units in the metric's unit. At least `minDecimals` decimals
 * (when given), and more until a change that is not zero does not look like zero.
 */
export function signedChange(m: UnitInfo, change: number, minDecimals?: number): string {
  const abs = Math.abs(change);
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const write = (d: number | undefined) => {
    if (m.unit === "percent") return `${formatValue(abs * 100, null, { decimals: d ?? 1 })} pts`;
    if (m.unit === "points") return formatValue(abs, "points", { decimals: d ?? 1 });
    return formatValue(abs, m.unit, { currency: m.currency, decimals: d });
  };
  let text = write(minDecimals ?? m.decimals);
  if (change !== 0) for (let k = decimalsIn(text) + 1; k <= MAX_DECIMALS && !/[1-9]/.test(text); k++) text = write(k);
  return sign + text;
}

/** `p = 0.031`, `p < 0.001` (two significant digits). */
export function pText(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${+p.toPrecision(2)}`;
}

/** ▲ up, ▼ down, = unchanged. */
export function changeArrow(change: number): string {
  return change > 0 ? "▲" : change < 0 ? "▼" : "=";
}

/** `significant (p = 0.031)`, `not significant (p = 0.41)`, or "" without a test. */
export function significanceText(c: { p?: number | null; significant?: boolean | null }): string {
  if (c.p === null || c.p === undefined) return "";
  return `${c.significant ? "significant" : "not significant"} (${pText(c.p)})`;
}

/** The compared period as text (not escaped). */
export function compareLabel(c: CompareResult): string {
  return c.label || (c.kind === "last_year" ? "last year" : "the previous period");
}

/**
 * `▲ +4.2 pts vs previous 90 days, significant (p = 0.03)`; without a previous value, says so.
 * `untested` is appended when the change has no significance test (e.g. ", no significance test").
 */
export function compareText(m: UnitInfo, c: CompareResult, untested = ""): string {
  const label = compareLabel(c);
  if (c.change === null || c.change === undefined) return `no value for ${label}`;
  const sig = significanceText(c);
  return `${changeArrow(c.change)} ${signedChange(m, c.change)} vs ${label}${sig ? `, ${sig}` : untested}`;
}

/** A group's change, compactly: `▼ −8.0 pts, not significant (p = 0.41)`; "" when the group has no comparison. */
export function groupChangeText(m: UnitInfo, g: GroupResult): string {
  if (!("previous" in g) && !("change" in g)) return "";
  if (g.change === null || g.change === undefined) return "no previous value";
  const sig = significanceText(g);
  return `${changeArrow(g.change)} ${signedChange(m, g.change)}${sig ? `, ${sig}` : ""}`;
}
