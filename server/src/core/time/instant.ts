// Date-time text → instant in the workspace zone (language-v2 §9.5): a value with an offset
// (`Z`, `+01:00`, `+0100`, `+01`) is that instant; one without is a local time in the zone; a bare
// date is local midnight. Used for `.cx` literals; the data readers apply the same rule
// (data/convert.ts parseDateTime, which this is).
import { parseDateTime } from "../data/convert";
import type { Zone } from "./zone";

/** Epoch ms of an ISO 8601 date-time (or date) read in `zone`, or null when it is not one. */
export function parseInstant(text: string, zone: Zone): number | null {
  return parseDateTime(text, zone);
}
