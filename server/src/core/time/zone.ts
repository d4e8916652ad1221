// Time zones (language-v2 §9.5): the workspace zone turns instants into local dates (windows,
// trends, period functions, the as-of date) and local date-times without an offset into instants.
//
// Offsets come from the JavaScript engine's time-zone database (Intl, pure computation, no I/O).
// They are piecewise constant, so each zone keeps the transitions it has met, found once per UTC
// day and then to the millisecond by bisection; a lookup is a binary search over them. UTC and
// fixed-offset zones need none of it.
//
// Ambiguous and invalid local times (daylight-saving changes) follow PostgreSQL (and ICU, which
// DuckDB uses): a local time skipped by a jump forward takes the offset in force just before the
// jump; a local time repeated by a jump back takes the offset in force just after it.

const MS_PER_DAY = 86400000;
const MS_PER_MINUTE = 60000;

export interface Zone {
  /** The IANA name as given (canonical case), e.g. "Europe/Berlin", or "UTC". */
  readonly name: string;
  /** True when the offset never changes (UTC, Etc/GMT+1): callers may take fast paths. */
  readonly fixed: boolean;
  /** Offset (local − UTC) in milliseconds at an instant. */
  offsetAt(instantMs: number): number;
  /** The local date (days since 1970-01-01) of an instant. */
  localDay(instantMs: number): number;
  /** The instant of a local wall time (given as if it were UTC milliseconds). */
  fromLocal(wallMs: number): number;
}

class FixedZone implements Zone {
  readonly fixed = true;
  constructor(
    readonly name: string,
    private readonly offset: number,
  ) {}
  offsetAt(): number {
    return this.offset;
  }
  localDay(ms: number): number {
    return Math.floor((ms + this.offset) / MS_PER_DAY);
  }
  fromLocal(wall: number): number {
    return wall - this.offset;
  }
}

class IanaZone implements Zone {
  readonly fixed = false;
  /** Made when an offset is first needed: the first Intl.DateTimeFormat of a process costs tens of milliseconds. */
  private fmtMade: Intl.DateTimeFormat | undefined;
  /**
   * Known offsets over [lo, hi): segment i starts at starts[i] (the first one at lo) and has offset
   * offs[i] until the next. Coverage grows in whole steps as instants outside it are asked for.
   */
  private starts: number[] = [];
  private offs: number[] = [];
  private lo = 0;
  private hi = 0;
  /** The segment of the last lookup (consecutive rows are usually close in time). */
  private segLo = 1;
  private segHi = 0;
  private segOff = 0;

  constructor(readonly name: string) {}

  private get fmt(): Intl.DateTimeFormat {
    return (this.fmtMade ??= new Intl.DateTimeFormat("en-US", {
      timeZone: this.name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    }));
  }

  /** The offset straight from Intl (slow: used only to find transitions). */
  private rawOffset(ms: number): number {
    const t = Math.floor(ms / 1000) * 1000;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
    for (const p of this.fmt.formatToParts(new Date(t))) {
      switch (p.type) {
        case "year": y = Number(p.value); break;
        case "month": mo = Number(p.value); break;
        case "day": d = Number(p.value); break;
        case "hour": h = Number(p.value); break;
        case "minute": mi = Number(p.value); break;
        case "second": s = Number(p.value); break;
        case "era": bc = p.value === "BC" || p.value === "B"; break;
      }
    }
    if (bc) y = 1 - y;
    // Date.UTC would read years 0..99 as 1900..1999; setUTCFullYear does not.
    const wall = new Date(0);
    wall.setUTCFullYear(y, mo - 1, d);
    wall.setUTCHours(h, mi, s, 0);
    return wall.getTime() - t;
  }

  /** Offsets of [a, b) (a, b multiples of STEP) as segments: sampled every STEP, bisected to the second where they differ. */
  private scan(a: number, b: number): { starts: number[]; offs: number[] } {
    const starts = [a];
    const offs = [this.rawOffset(a)];
    let prev = offs[0];
    let pos = a;
    while (pos < b) {
      const probe = Math.min(pos + STEP, b) - 1000; // the last second of this step
      if (this.rawOffset(probe) === prev) {
        pos = probe + 1000;
        continue;
      }
      // A change within (pos, probe]: bisect to the first second with another offset.
      let lo = pos;
      let hi = probe;
      while (hi - lo > 1000) {
        const m = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.rawOffset(m) === prev) lo = m;
        else hi = m;
      }
      prev = this.rawOffset(hi);
      starts.push(hi);
      offs.push(prev);
      pos = hi; // there may be another change in the same step
    }
    return { starts, offs };
  }

  private cover(ms: number): void {
    const a = Math.floor(ms / STEP) * STEP - 4 * STEP;
    const b = a + 9 * STEP;
    if (this.hi <= this.lo) {
      const s = this.scan(a, b);
      this.starts = s.starts;
      this.offs = s.offs;
      this.lo = a;
      this.hi = b;
      return;
    }
    if (ms < this.lo) {
      const from = Math.min(a, this.lo - 4 * STEP);
      const s = this.scan(from, this.lo);
      // Merge: drop the old first segment's start if it continues the new last offset.
      const joinSame = s.offs[s.offs.length - 1] === this.offs[0];
      this.starts = [...s.starts, ...(joinSame ? this.starts.slice(1) : this.starts)];
      this.offs = [...s.offs, ...(joinSame ? this.offs.slice(1) : this.offs)];
      this.lo = from;
    }
    if (ms >= this.hi) {
      const to = Math.max(b, this.hi + 4 * STEP);
      const s = this.scan(this.hi, to);
      const joinSame = s.offs[0] === this.offs[this.offs.length - 1];
      this.starts = [...this.starts, ...(joinSame ? s.starts.slice(1) : s.starts)];
      this.offs = [...this.offs, ...(joinSame ? s.offs.slice(1) : s.offs)];
      this.hi = to;
    }
  }

  offsetAt(ms: number): number {
    if (ms >= this.segLo && ms < this.segHi) return this.segOff;
    if (!Number.isFinite(ms)) return 0;
    if (ms < this.lo || ms >= this.hi) this.cover(ms);
    const st = this.starts;
    let lo = 0;
    let hi = st.length - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (st[m] <= ms) lo = m;
      else hi = m - 1;
    }
    this.segLo = st[lo];
    this.segHi = lo + 1 < st.length ? st[lo + 1] : this.hi;
    this.segOff = this.offs[lo];
    return this.segOff;
  }

  localDay(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  fromLocal(wall: number): number {
    const o0 = this.offsetAt(wall - MS_PER_DAY);
    const o1 = this.offsetAt(wall + MS_PER_DAY);
    if (o0 === o1) {
      const guess = wall - o0;
      const o = this.offsetAt(guess);
      return o === o0 ? guess : wall - o;
    }
    const i0 = wall - o0; // read with the offset before the change
    const i1 = wall - o1; // read with the offset after it
    const v0 = this.offsetAt(i0) === o0;
    const v1 = this.offsetAt(i1) === o1;
    if (v0 && v1) return i1; // repeated local time: the offset after the change
    if (v0) return i0;
    if (v1) return i1;
    return i0; // skipped local time: the offset before the change
  }
}

/** Sampling step when looking for offset changes (they are months apart in every zone of the database). */
const STEP = 7 * MS_PER_DAY;

export const UTC: Zone = new FixedZone("UTC", 0);

const zones = new Map<string, Zone>([["UTC", UTC]]);

let canonicalList: Map<string, string> | undefined;

/** The engine's canonical zone names, by lower-case name (each resolves to itself: test/unit/time-zone.test.ts). */
function canonicalZones(): Map<string, string> {
  if (!canonicalList) {
    canonicalList = new Map();
    try {
      for (const z of Intl.supportedValuesOf("timeZone")) canonicalList.set(z.toLowerCase(), z);
    } catch {
      // (an engine without the list: every name goes through a formatter)
    }
  }
  return canonicalList;
}

/** The zone of an IANA name (case-insensitive, e.g. "Europe/Berlin", "utc"), or undefined when unknown. */
export function zoneFor(name: string): Zone | undefined {
  const trimmed = name.trim();
  if (trimmed === "" || /[^A-Za-z0-9_+\-/]/.test(trimmed)) return undefined;
  if (/^(etc\/)?(utc|gmt)$/i.test(trimmed)) return UTC; // (without Intl, which costs tens of ms to start)
  // The canonical zones are listed (cheaply); aliases ("US/Eastern") are resolved by a formatter.
  let canonical = canonicalZones().get(trimmed.toLowerCase());
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
  }
  if (canonical === "UTC" || canonical === "Etc/UTC" || canonical === "Etc/GMT") return UTC;
  let z = zones.get(canonical);
  if (!z) {
    // Etc/GMT±N zones never change; everything else may.
    const fixed = /^Etc\/GMT([+-]\d{1,2})$/.exec(canonical);
    z = fixed ? new FixedZone(canonical, -Number(fixed[1]) * 60 * MS_PER_MINUTE) : new IanaZone(canonical);
    zones.set(canonical, z);
  }
  return z;
}

/** Today's local date (days since 1970-01-01) in a zone, from an instant the host supplies. */
export function todayIn(zone: Zone, nowMs: number): number {
  return zone.localDay(nowMs);
}
