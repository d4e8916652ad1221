// The byte-level conversions must agree with the string rules of convert.ts, value for value;
// the text dictionary and the glob helpers are checked here too.

import { NodeColumnMemory } from "../../server/src/node/memory";
import { describe, expect, it } from "vitest";
import {
  boolFromBytes,
  conv,
  dateFromBytes,
  dateTimeFromBytes,
  decodeBytes,
  intFromBytes,
  numFromBytes,
  TextDict,
  utf16Length,
} from "../../server/src/core/data/bytes";
import { parseBoolean, parseDate, parseDateTime, parseInteger, parseNumber } from "../../server/src/core/data/convert";
import { expandBraces, globToRegExp, matchGlob } from "../../server/src/core/data/glob";
import { parseInstant } from "../../server/src/core/time/instant";
import { UTC, zoneFor } from "../../server/src/core/time/zone";

const enc = new TextEncoder();

/** A tiny deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAND = [
  "", " ", "  \t", "0", "-0", "+0", "7", "42", " 42 ", "+7", "-13", "007", "3.0", "3.", ".5", "-.5", "+.5", ".", "-", "+", "1e3", "1E-2", "2.5e+3",
  "1e", "e3", "12,5", "1_000", "0x10", "Infinity", "NaN", "123456789012345", "1234567890123456", "99999999999999999999", "0.1", "0.2", "0.3",
  "123.456", "-0.000001", "1.7976931348623157e308", "9007199254740993", "4.35", "0.000000000000001", "\u00a042\u00a0", "４２",
  "true", "TRUE", "True", "false", "FALSE", "yes", "YES", "no", "No", "1", "0", "y", "n", "t", "f", "on", "off",
  "2024-01-31", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-5", "31/01/2024", "20240131", " 2024-06-01 ",
  "0000-01-01", "9999-12-31", "1969-12-31", "1900-02-29", "2000-02-29",
  "2024-01-31T10:00", "2024-01-31T10:00:00", "2024-01-31T10:00:00Z", "2024-01-31t10:00:00z", "2024-01-31 10:00:59", "2024-01-31T23:59:60",
  "2024-01-31T24:00", "2024-01-31T10:60", "2024-01-31T10:00:00.5Z", "2024-01-31T10:00:00.123456+05:30", "2024-01-31T10:00-0800", "2024-01-31Z",
  "2024-01-31T10", "2024-01-31T10:00:00+01", "2024-01-31X10:00", "2024-02-30T10:00",
];

function randomValue(r: () => number): string {
  const alphabet = "0123456789-+.eE :TZ";
  const shapes = [
    () => String(Math.floor(r() * 1e6) - 5e5),
    () => (r() * 2000 - 1000).toFixed(Math.floor(r() * 6)),
    () => `${1900 + Math.floor(r() * 200)}-${String(Math.floor(r() * 14)).padStart(2, "0")}-${String(Math.floor(r() * 33)).padStart(2, "0")}`,
    () =>
      `2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}${r() < 0.5 ? "T" : " "}${String(Math.floor(r() * 26)).padStart(2, "0")}:${String(Math.floor(r() * 62)).padStart(2, "0")}${r() < 0.5 ? ":" + String(Math.floor(r() * 62)).padStart(2, "0") : ""}${r() < 0.3 ? "Z" : ""}`,
    () => Array.from({ length: 1 + Math.floor(r() * 8) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(""),
  ];
  return shapes[Math.floor(r() * shapes.length)]();
}

function expectAgree(text: string, bytesFn: (b: Uint8Array, s: number, e: number) => number, rule: (s: string) => number | boolean | null): void {
  const padded = enc.encode(`#${text}#`); // the value sits inside a larger buffer
  const v = bytesFn(padded, 1, padded.length - 1);
  const expected = rule(text);
  const want = expected === null ? NaN : typeof expected === "boolean" ? (expected ? 1 : 0) : expected;
  expect(Object.is(v, want) || (Number.isNaN(v) && Number.isNaN(want)), `${JSON.stringify(text)}: ${v} vs ${want}`).toBe(true);
  expect(conv.bad, `bad flag of ${JSON.stringify(text)}`).toBe(expected === null && text.trim() !== "");
}

describe("byte conversions agree with convert.ts", () => {
  const r = rng(42);
  const values = [...HAND, ...Array.from({ length: 3000 }, () => randomValue(r))];
  it.each([
    ["integer", intFromBytes, parseInteger],
    ["number", numFromBytes, parseNumber],
    ["boolean", boolFromBytes, parseBoolean],
    ["date", dateFromBytes, parseDate],
    ["datetime", dateTimeFromBytes, parseDateTime],
  ] as const)("%s", (_, fn, rule) => {
    for (const text of values) expectAgree(text, fn, rule);
  });
});

describe(".cx date-time literals are read as data values", () => {
  // parseInstant (checker: literals such as `at < "2026-01-05T10:00-03"`) once took an hours-only
  // offset for a local time and shifted it by the zone a second time.
  const r = rng(7);
  const values = [...HAND, "2026-01-05T10:00-03", "2026-01-05T10:00+05", "2026-01-05T10:00-0330", ...Array.from({ length: 500 }, () => randomValue(r))];
  it.each(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"])("%s", (name) => {
    const zone = zoneFor(name) ?? UTC;
    for (const text of values) expect(parseInstant(text, zone), text).toBe(parseDateTime(text, zone));
  });
});

describe("text helpers", () => {
  it("decodes and measures UTF-8", () => {
    const b = enc.encode("aé東🙂z");
    expect(decodeBytes(b, 0, b.length)).toBe("aé東🙂z");
    expect(utf16Length(b, 0, b.length)).toBe("aé東🙂z".length);
    const long = "x".repeat(100) + "é";
    const lb = enc.encode(long);
    expect(decodeBytes(lb, 0, lb.length)).toBe(long);
  });

  it("interns byte strings", () => {
    const d = new TextDict();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 1234}`);
    const codes = words.map((w) => {
      const b = enc.encode(`,${w},`);
      return d.intern(b, 1, b.length - 1);
    });
    expect(d.size).toBe(1234);
    const strings = d.strings();
    expect(strings.length).toBe(1234);
    words.forEach((w, i) => {
      expect(strings.at(codes[i])).toBe(w);
      expect(d.string(codes[i])).toBe(w);
    });
    expect(strings.at(-1)).toBeUndefined();
    expect(strings.at(1234)).toBeUndefined();
    const e = enc.encode("");
    expect(d.intern(e, 0, 0)).toBe(d.intern(e, 0, 0));
  });

  for (const prepared of [false, true]) {
    it(`numbers 100k distinct ids of 0 to 17 bytes in order of first appearance, across many rehashes${prepared ? " (memory made ready by the helper: the tables, arena and ends)" : ""}`, async () => {
      // The table of short values keeps keys in its slots; a Map is the reference.
      const r = rng(11);
      const chars = "abcdefghijklmnopqrstuvwxyz0123456789_\u0000";
      const ids = Array.from({ length: 100_000 }, (_, i) => (i % 997 === 0 ? "" : Array.from({ length: 1 + Math.floor(r() * (i % 5 === 0 ? 40 : 17)) }, () => chars[Math.floor(r() * chars.length)]).join("")));
      const buf = enc.encode(ids.join(","));
      const memory = prepared ? new NodeColumnMemory(4096) : undefined;
      const d = new TextDict(memory);
      const ref = new Map<string, number>();
      const got: number[] = [];
      const want: number[] = [];
      for (let round = 0; round < 2; round++) {
        let at = 0;
        for (const id of ids) {
          const n = enc.encode(id).length;
          got.push(d.intern(buf, at, at + n));
          if (!ref.has(id)) ref.set(id, ref.size);
          want.push(ref.get(id)!);
          at += n + 1;
        }
      }
      expect(got).toEqual(want);
      expect(d.size).toBe(ref.size);
      expect([...d.strings()]).toEqual([...ref.keys()]);
      if (memory) {
        expect(memory.prepared).toBeGreaterThan(10); // (tables, arena and ends)
        await memory.settled();
      }
    });
  }

  it("tells apart values of 13 to 16 bytes that share their first 12 (their fourth word is in the arena)", () => {
    const d = new TextDict();
    const ids = Array.from({ length: 5000 }, (_, i) => `customer_${String(i % 1500).padStart(4 + (i % 4 === 0 ? 0 : 2), "0")}`);
    const ref = new Map<string, number>();
    for (let round = 0; round < 2; round++) {
      for (const id of ids) {
        const b = enc.encode(`x,${id},y`);
        if (!ref.has(id)) ref.set(id, ref.size);
        expect(d.intern(b, 2, b.length - 2)).toBe(ref.get(id));
      }
    }
    expect(d.size).toBe(ref.size);
    expect([...d.strings()]).toEqual([...ref.keys()]);
  });

  it("past the codes a table slot holds, keys new short values by hash and still numbers every value once", () => {
    const saved = TextDict.metaCodes;
    TextDict.metaCodes = 1000; // (1 << 26 in use: a dictionary of 67M values)
    try {
      const r = rng(5);
      const d = new TextDict();
      const ref = new Map<string, number>();
      // Short (up to 12 bytes, 13 to 16) and long values; early ones come back after the limit.
      const values = Array.from({ length: 3000 }, (_, i) => `${"abcdefghijklmnopqrst".slice(0, 1 + (i % 20))}${i}`);
      for (let round = 0; round < 4000; round++) {
        const v = values[Math.floor(r() * (round < 1500 ? 800 : values.length))];
        const b = enc.encode(`<${v}>`);
        if (!ref.has(v)) ref.set(v, ref.size);
        expect(d.intern(b, 1, b.length - 1)).toBe(ref.get(v));
      }
      expect(d.size).toBe(ref.size);
      expect(ref.size).toBeGreaterThan(1000);
      expect([...d.strings()]).toEqual([...ref.keys()]);
    } finally {
      TextDict.metaCodes = saved;
    }
  });

  it("gives equal bytes one code, wherever they sit in a buffer (short and long values)", () => {
    const r = rng(7);
    const alphabet = ["a", "b", "\u0000", "é", "東", "🙂", " ", "Z"];
    const values = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(r() * 20) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(""));
    const d = new TextDict();
    const codeOf = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      for (const v of values) {
        const bytes = enc.encode(v);
        // At the end of its buffer (no bytes after it), and inside a larger one.
        const inside = enc.encode(`xyz${v}\u00ff\u00ff${"q".repeat(round * 5)}`);
        const c1 = d.intern(bytes, 0, bytes.length);
        const c2 = d.intern(inside, 3, 3 + bytes.length);
        expect(c2).toBe(c1);
        if (!codeOf.has(v)) codeOf.set(v, c1);
        expect(c1).toBe(codeOf.get(v));
        expect(d.string(c1)).toBe(v);
      }
    }
    expect(d.size).toBe(codeOf.size);
    // The column's view: every value decodes to its string (in code order when iterated), is equal
    // to its own bytes only, and only values with non-ASCII bytes may hold U+FFFD.
    const strings = d.strings();
    const byCode = [...codeOf.entries()].sort((x, y) => x[1] - y[1]).map((x) => x[0]);
    expect([...strings]).toEqual(byCode);
    for (const [v, c] of codeOf) {
      expect(strings.at(c)).toBe(v);
      expect(strings.equalsBytes(c, enc.encode(v))).toBe(true);
      expect(strings.equalsBytes(c, enc.encode(v + "a"))).toBe(false);
      if (c > 0) expect(strings.equalsBytes(c, enc.encode(byCode[c - 1]))).toBe(false);
      expect(strings.mayHoldReplacement(c)).toBe(/[^\x00-\x7f]/.test(v));
    }
    const { bytes, ends } = d.encoded();
    expect(ends.length).toBe(codeOf.size);
    expect(new TextDecoder().decode(bytes)).toBe(byCode.join(""));
  });
});

describe("glob patterns", () => {
  it("expands braces", () => {
    expect(expandBraces("/a/{x,y{1,2}}.csv")).toEqual(["/a/x.csv", "/a/y1.csv", "/a/y2.csv"]);
    expect(expandBraces("/a/{x}.csv")).toEqual(["/a/\\{x}.csv"]);
    expect(expandBraces("/a/b.csv")).toEqual(["/a/b.csv"]);
  });

  it.each([
    ["/d/*.csv", "/d/a.csv", true],
    ["/d/*.csv", "/d/sub/a.csv", false],
    ["/d/*.csv", "/d/.hidden.csv", false],
    ["/d/.*.csv", "/d/.hidden.csv", true],
    ["/d/s-??.csv", "/d/s-01.csv", true],
    ["/d/s-??.csv", "/d/s-1.csv", false],
    ["/d/s-[0-9].csv", "/d/s-7.csv", true],
    ["/d/s-[!0-9].csv", "/d/s-x.csv", true],
    ["/d/s-[!0-9].csv", "/d/s-7.csv", false],
    ["/d/**/*.csv", "/d/a.csv", true],
    ["/d/**/*.csv", "/d/x/y/a.csv", true],
    ["/d/**/*.csv", "/d/.git/a.csv", false],
    ["/d/**", "/d/x/y/a.csv", true],
    ["/d/{a,b}/*.json", "/d/b/r.json", true],
    ["/d/{a,b}/*.json", "/d/c/r.json", false],
    ["/d/a+b(1).csv", "/d/a+b(1).csv", true],
    ["/d/\\*.csv", "/d/*.csv", true],
    ["/d/\\*.csv", "/d/x.csv", false],
  ])("%s matches %s: %s", (pattern, path, want) => {
    expect(matchGlob(pattern, path)).toBe(want);
  });

  it("builds anchored expressions", () => {
    expect(globToRegExp("/d/*.csv").test("/d/a.csv.bak")).toBe(false);
  });
});
