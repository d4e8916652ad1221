// Human formatting of metric values by unit, shared by the CLI's text and markdown reports,
// goal messages, hovers and inlay hints.
import type { Unit } from "../semantics/schema";

export interface FormatOptions {
  currency?: string;
  decimals?: number;
  /** Show a leading + on positive points (NPS). */
  signed?: boolean;
}

const CURRENCY_SYMBOLS: Record<string, string> = { EUR: "€", USD: "$", GBP: "£", JPY: "¥", CHF: "CHF " };

// Number.prototype.toLocaleString builds a formatter on every call (~50 µs); reports format
// hundreds of thousands of values, so the formatters are made once per option set.
const formatters = new Map<string, Intl.NumberFormat>();
/**
 * Makes a formatter now. The first `Intl.NumberFormat` of a process loads the locale's data (30–60
 * ms); the language server calls this while it initializes, so that the first hover with a value
 * — answered on the thread that answers completion — does not hold up the requests behind it.
 */
export function warmFormatting(): void {
  numberFormat(0, 2).format(0);
}

function numberFormat(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat("en-US", { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

function group(n: number, decimals: number): string {
  return numberFormat(decimals, decimals).format(n);
}

/** Formats without unit decoration, trimming to at most `decimals` (default 2) places. */
function plain(n: number, decimals?: number): string {
  if (decimals !== undefined) return group(n, decimals);
  const abs = Math.abs(n);
  const d = abs !== 0 && abs < 0.01 ? 4 : abs < 100 ? 2 : abs < 10000 ? 1 : 0;
  return numberFormat(0, d).format(n);
}

export function formatValue(v: number | null | undefined, unit: Unit | null | undefined, opts: FormatOptions = {}): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "no data";
  const d = opts.decimals;
  switch (unit) {
    case "percent":
      return `${group(v * 100, d ?? 1)}%`;
    case "points": {
      const s = group(v, d ?? 1);
      return `${opts.signed && v > 0 ? "+" : ""}${s} pts`;
    }
    case "count":
      return group(v, d ?? (Number.isInteger(v) ? 0 : 1));
    case "currency": {
      const code = opts.currency?.toUpperCase();
      const sym = code ? CURRENCY_SYMBOLS[code] : undefined;
      const s = group(v, d ?? 2);
      return sym ? `${v < 0 ? "-" : ""}${sym}${s.replace(/^-/, "")}` : code ? `${s} ${code}` : s;
    }
    case "seconds":
      return `${plain(v, d)} s`;
    case "minutes":
      return `${plain(v, d)} min`;
    case "hours":
      return `${plain(v, d)} h`;
    case "days":
      return `${plain(v, d)} ${v === 1 ? "day" : "days"}`;
    default:
      return plain(v, d);
  }
}
