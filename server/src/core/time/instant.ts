// Date-time text → instant in the workspace zone (language-v2 §9.5): a value with an offset
// (`Z`, `+01:00`) is that instant; one without is a local time in the zone; a bare date is local
// midnight. Used for `.cx` literals; the data readers apply the same rule.
import { parseDateTime } from "../data/convert";
import type { Zone } from "./zone";

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an ISO 8601 date-time (or date) read in `zone`, or null when it is not one. */
export function parseInstant(text: string, zone: Zone): number | null {
  const t = text.trim();
  const ms = parseDateTime(t);
  if (ms === null) return null;
  if (zone.fixed && zone.offsetAt(0) === 0) return ms;
  // A date part alone never has an offset (a trailing "-05" would be the day).
  if (t.length > 10 && HAS_OFFSET.test(t)) return ms;
  return zone.fromLocal(ms);
}
