// Value conversion from text (language reference §6): the string-level rules. Readers may use
// faster byte-level versions, but must agree with these. Dates are days since 1970-01-01 (UTC);
// datetimes are milliseconds since the epoch (UTC). Invalid input gives null, never a throw.
// A date-time written without an offset is a local time in a zone (language-v2 §9.5; UTC unless
// given): its instant is `zone.fromLocal(wall time)`.

import { UTC, type Zone } from "../time/zone";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Days from civil date (proleptic Gregorian), Howard Hinnant's algorithm; no Date objects. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: y + (m <= 2 ? 1 : 0), m, d };
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function validYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** `YYYY-MM-DD` → days since epoch, or null. */
export function parseDate(s: string): number | null {
  const m = DATE.exec(s.trim());
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  return validYmd(y, mo, d) ? daysFromCivil(y, mo, d) : null;
}

/** ISO 8601 date-time (optional seconds, fraction, offset) → epoch ms, or null. Without an offset
 *  (and for a bare date, which is local midnight) the value is a local time in `zone`. */
export function parseDateTime(s: string, zone: Zone = UTC): number | null {
  const m = DATETIME.exec(s.trim());
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (!validYmd(y, mo, d)) return null;
  const hh = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, ss = m[6] ? +m[6] : 0;
  if (hh > 23 || mi > 59 || ss > 60) return null;
  const frac = m[7] ? Math.round(parseFloat(m[7]) * 1000) : 0;
  const wall = (daysFromCivil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss) * 1000 + frac;
  if (!m[8]) return zone.fromLocal(wall);
  let offsetMin = 0;
  if (m[8].toUpperCase() !== "Z") {
    const sign = m[8][0] === "-" ? -1 : 1;
    const digits = m[8].slice(1).replace(":", "");
    const oh = +digits.slice(0, 2), om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return wall - offsetMin * 60000;
}

export function parseInteger(s: string): number | null {
  const t = s.trim();
  return INTEGER.test(t) ? Number(t) : null;
}

export function parseNumber(s: string): number | null {
  const t = s.trim();
  return NUMBER.test(t) ? Number(t) : null;
}

export function parseBoolean(s: string): boolean | null {
  switch (s.trim().toLowerCase()) {
    case "true":
    case "1":
    case "yes":
      return true;
    case "false":
    case "0":
    case "no":
      return false;
    default:
      return null;
  }
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;

export function formatDate(days: number): string {
  const { y, m, d } = civilFromDays(days);
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
}

export function formatDateTime(ms: number): string {
  const days = Math.floor(ms / 86400000);
  let rest = ms - days * 86400000;
  const hh = Math.floor(rest / 3600000);
  rest -= hh * 3600000;
  const mi = Math.floor(rest / 60000);
  rest -= mi * 60000;
  const ss = Math.floor(rest / 1000);
  const frac = rest - ss * 1000;
  return `${formatDate(days)}T${pad2(hh)}:${pad2(mi)}:${pad2(ss)}${frac ? "." + String(frac).padStart(3, "0") : ""}Z`;
}
