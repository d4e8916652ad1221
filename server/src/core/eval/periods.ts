// Calendar arithmetic for windows and trends (language reference §5.1, §5.3), on day numbers
// (days since 1970-01-01). No Date objects.
import { civilFromDays, daysFromCivil, daysInMonth, formatDate } from "../data/convert";
import type { Duration } from "../syntax/ast";
import type { TrendPeriod } from "../semantics/schema";

/** The first day NOT in the window: rows with lo < d <= asOf are inside. */
export function windowStart(asOf: number, w: Pick<Duration, "amount" | "unit">): number {
  switch (w.unit) {
    case "minute":
    case "hour":
    case "day":
      return asOf - w.amount;
    case "week":
      return asOf - 7 * w.amount;
    case "month":
    case "year": {
      const { y, m, d } = civilFromDays(asOf);
      const months = w.unit === "month" ? w.amount : 12 * w.amount;
      const total = y * 12 + (m - 1) - months;
      const ny = Math.floor(total / 12);
      const nm = total - ny * 12 + 1;
      return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
    }
  }
}

/** A sortable integer code for the period containing day `d`. */
export function periodCode(d: number, p: TrendPeriod): number {
  if (p === "day") return d;
  if (p === "week") {
    const { isoYear, week } = isoWeek(d);
    return isoYear * 100 + week;
  }
  const { y, m } = civilFromDays(d);
  switch (p) {
    case "month":
      return y * 12 + (m - 1);
    case "quarter":
      return y * 4 + Math.floor((m - 1) / 3);
    case "year":
      return y;
  }
}

export function periodLabel(code: number, p: TrendPeriod): string {
  switch (p) {
    case "day":
      return formatDate(code);
    case "week":
      return `${pad(Math.floor(code / 100), 4)}-W${pad(code % 100, 2)}`;
    case "month":
      return `${pad(Math.floor(code / 12), 4)}-${pad((code % 12) + 1, 2)}`;
    case "quarter":
      return `${pad(Math.floor(code / 4), 4)}-Q${(code % 4) + 1}`;
    case "year":
      return pad(code, 4);
  }
}

export function isoWeek(d: number): { isoYear: number; week: number } {
  const weekday = (((d + 3) % 7) + 7) % 7; // Monday = 0; 1970-01-01 was a Thursday
  const thursday = d - weekday + 3;
  const isoYear = civilFromDays(thursday).y;
  const week = Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1;
  return { isoYear, week };
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}
