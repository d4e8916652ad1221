// Random workspaces for the differential suite (test/sql/random-workspaces.test.ts): from a seed,
// a cx.yaml (time zone, as-of date), data files (CSV with `,` or `;`, quoted fields and CRLF, JSONL,
// JSON, YAML, now and then latin1 or a byte-order mark) and .cx files with sources (with and
// without `columns`, `from` headers that differ in case and spaces, `map` labels, nested JSON
// paths, `derive` blocks, derived timestamps), metrics (every aggregate over columns and row
// expressions, `where` with nulls, `by`, `trend`, `window`, `compare`, references and arithmetic
// between metrics), goals (also `scope: groups`), touchpoints and journeys, funnels, cohorts and
// drivers.
//
// The generator knows the language's typing rules but computes no expected value: the suite
// compares the engines with each other. Every workspace it makes must be valid (the suite fails
// on any error diagnostic of the analysis: a generator bug would otherwise hide engine
// differences). Data stays small (tens to a few hundred rows per source).
//
// Kept out on purpose (documented differences, docs/engines.md "Files on DuckDB"): spaces around a
// quoted CSV value, and JSON numbers with redundant digits in text columns (there are none: text
// columns hold JSON strings).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Rng } from "./rng";

/** The seeded PRNG (./rng.ts) with the helpers the generator needs. */
export class Rand {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }
  next(): number {
    return this.rng.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let x = this.next() * total;
    for (const [w, v] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1][1];
  }
  /** A few distinct items. */
  some<T>(xs: readonly T[], n: number): T[] {
    return this.shuffle(xs).slice(0, Math.min(n, xs.length));
  }
}

export interface GeneratedWorkspace {
  seed: number;
  /** Relative path → content. */
  files: Map<string, string | Uint8Array>;
  asOf: string;
  timezone: string;
  /** One line: what it holds (for test names and failure messages). */
  summary: string;
}

/** Writes the workspace's files under `dir` (which should be empty). */
export function writeWorkspace(dir: string, ws: GeneratedWorkspace): void {
  for (const [rel, content] of ws.files) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

// ------------------------------------------------------------------------------------ dates

const DAY_MS = 86400000;
const fmtDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (ymd: string): number => Math.round(Date.parse(`${ymd}T00:00:00Z`) / DAY_MS);
const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Days (since 1970-01-01) of Sundays where some zone of ZONES changes its clocks, around `year`. */
function dstSundays(year: number): number[] {
  const nthSunday = (m: number, n: number) => {
    const first = dayOf(`${year}-${pad2(m)}-01`);
    const dow = (first + 4) % 7; // 0 = Sunday
    return first + ((7 - dow) % 7) + 7 * (n - 1);
  };
  const lastSunday = (m: number) => {
    const next = dayOf(m === 12 ? `${year + 1}-01-01` : `${year}-${pad2(m + 1)}-01`);
    const last = next - 1;
    return last - ((last + 4) % 7);
  };
  // Europe: last Sunday of March and October; United States: 2nd Sunday of March, 1st of November;
  // Lord Howe, Chatham, Apia: 1st Sunday of April and of October (last of September for Chatham).
  return [lastSunday(3), lastSunday(10), nthSunday(3, 2), nthSunday(11, 1), nthSunday(4, 1), nthSunday(10, 1), lastSunday(9)];
}

export const ZONES = [
  "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/London",
  "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "America/Sao_Paulo", "Pacific/Kiritimati", "America/Los_Angeles",
];

// ------------------------------------------------------------------------------------ model

type ColType = "text" | "integer" | "number" | "boolean" | "date" | "datetime";
type VType = "number" | "text" | "boolean" | "date" | "datetime";
type Role = "customer" | "category" | "event" | "score" | "amount" | "quantity" | "flag" | "stamp" | "day" | "instant" | "note" | "constant";
type Format = "csv" | "jsonl" | "json" | "yaml";

/** A data value as written: text (CSV field, JSON/YAML string), a number's text, a boolean, null, or a missing key. */
type Cell = { k: "null" } | { k: "absent" } | { k: "text"; v: string } | { k: "num"; v: string } | { k: "bool"; v: boolean };

interface Column {
  name: string;
  type: ColType;
  role: Role;
  /** Header (CSV) or key (JSON, YAML) in the data; a dotted path when `nested`. */
  header: string;
  nested?: boolean;
  /** `from "…"` as written in the .cx file. */
  from?: string;
  /** `map` entries: label and the literal (.cx text) it gives. */
  map?: { label: string; literal: string }[];
  /** In the `columns` block (a declared source may leave extra data columns out). */
  declared: boolean;
  /** Values of this column (text as in the data) for literals in conditions. */
  pool: string[];
  scale?: [number, number];
  lowCard: boolean;
  cells: Cell[];
}

interface Derived {
  name: string;
  type: VType;
  annotate: boolean;
  expr: string;
}

interface Source {
  name: string;
  format: Format;
  files: string[];
  fileProp: string;
  delimiter: string;
  crlf: boolean;
  declared: boolean;
  columns: Column[];
  rows: number;
  derived: Derived[];
  timestamp?: string;
  encoding?: "latin1" | "windows-1252";
  /** Fields usable in expressions: declared (or all, without `columns`) columns and derived ones. */
  fields: Field[];
}

interface Field {
  name: string;
  ty: VType;
  role: Role | "derived";
  pool: string[];
  lowCard: boolean;
  scale?: [number, number];
  integer: boolean;
}

interface MetricInfo {
  name: string;
  sources: Set<string>;
  /** Uses conversion() or retention(): only metrics without by, trend and window may use it. */
  analysis: boolean;
  /** Its value is a date or date-time (min/max of one): not used in arithmetic or goals. */
  dateValued: boolean;
  percent: boolean;
  by?: string[];
}

// ------------------------------------------------------------------------------------ pools

const CATEGORY_POOLS: string[][] = [
  ["north", "south", "east", "west"],
  ["web", "app", "store", "phone"],
  ["Köln", "München", "Zürich", "Düsseldorf", "Graz"],
  ["café", "Café", "CAFÉ", "bistro"],
  ["straße", "Strasse", "weg", "Gasse"],
  ["consumer", "trade", "vip", "VIP"],
  ["a, b", "say \"hi\"", "x;y", "plain"],
  ["Ünal", "Ørsted", "Åse", "Émile", "Zoë"],
  ["İstanbul", "ΣΑΣ", "σας", "ǅemal", "ﬁne", "Ⱥx"],
  ["gold", "silver", "bronze"],
];
const EVENT_POOL = ["view", "cart", "checkout", "buy", "return", "support"];
const NOTE_POOL = [
  "great service", "too slow", "Très bien, merci", "Lieferung verspätet", "said \"thanks\"", "line one\nline two", "ok; fine", "", "  spaced  ",
  "naïve façade", "50% off", "über gut", "ß", "😀 happy", "back\\slash", "tab\there", "comma, inside", "UPPER lower", "Ende.",
];
const NAMES: Record<Role, string[]> = {
  customer: ["customer", "customer_id", "respondent", "visitor", "account"],
  category: ["region", "channel", "store", "segment", "plan", "team", "land", "tier"],
  event: ["event", "action", "step"],
  score: ["recommend", "satisfied", "effort", "rating", "likely", "q_score", "stars"],
  amount: ["amount", "wait", "refund", "price", "delta", "minutes"],
  quantity: ["items", "visits", "reopened", "tries"],
  flag: ["resolved", "returning", "vip_flag", "opted_in"],
  stamp: ["answered_at", "opened_at", "at", "placed_at", "happened"],
  day: ["closed_on", "cancel_date", "promised_on", "end_day"],
  instant: ["replied_at", "closed_at", "shipped_at", "ended_at"],
  note: ["comment", "note", "remark"],
  constant: ["weight", "one", "factor"],
};
const SOURCE_NAMES = ["surveys", "orders", "tickets", "events", "visits", "accounts", "chats", "returns"];
const EXPORT_HEADERS = [
  "Q1 - How likely are you to recommend us? (0-10)", "Zufriedenheit (1–5)", "Note, générale", "Customer \"ID\"", "  Overall Rating", "ÉVALUATION",
  "Recorded Date", "Which store?", "Über uns", "Q2; effort",
];
const SCORE_LABELS: Record<string, { label: string; value: number }[]> = {
  "1-5": [
    { label: "Very dissatisfied", value: 1 }, { label: "Dissatisfied", value: 2 }, { label: "Neutral", value: 3 },
    { label: "Satisfied", value: 4 }, { label: "Très satisfait", value: 5 },
  ],
  "0-10": [{ label: "0 - Not at all likely", value: 0 }, { label: "10 - Extremely likely", value: 10 }, { label: "Fünf", value: 5 }],
  "1-7": [{ label: "Extremely difficult", value: 1 }, { label: "Extrêmement facile", value: 7 }],
  "1-10": [{ label: "Top", value: 10 }, { label: "Flop", value: 1 }],
};
const FLAG_LABELS = [
  { label: "Yes", literal: "true" }, { label: "No", literal: "false" }, { label: "Oui", literal: "true" }, { label: "Nein", literal: "false" },
];

/** A .cx string literal. */
function str(s: string, r?: Rand): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (r && c > 0x7f && c <= 0xffff && r.chance(0.2)) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return `"${out}"`;
}

/** Upper case without ß → SS (labels are matched by case folding; ß never appears in labels anyway). */
const upper = (s: string) => [...s].map((c) => (c === "ß" ? c : c.toUpperCase())).join("");

// ------------------------------------------------------------------------------------ generator

interface Ctx {
  r: Rand;
  asOfDay: number;
  zone: string;
}

/** The text of a number for a data file: CSV may use other spellings (+3, .5, 1e2); JSON only valid JSON. */
function numCell(ctx: Ctx, v: number, json: boolean, integer: boolean): Cell {
  const r = ctx.r;
  let s = String(v);
  if (!json && r.chance(0.08)) {
    if (integer) s = r.pick([`+${v}`.replace("+-", "-"), ` ${v}`, `${v} `]);
    else if (Math.abs(v) < 1 && v !== 0 && s.startsWith("0.")) s = s.slice(1);
    else if (Number.isInteger(v)) s = r.pick([`${v}.`, `${v}.0`, `${v}e0`]);
    else s = v.toExponential();
  } else if (json && !integer && r.chance(0.05)) s = v.toExponential();
  return { k: "num", v: s };
}

function amountValue(r: Rand): number {
  return r.weighted<() => number>([
    [3, () => r.int(-20, 200)],
    [3, () => r.int(-400, 2000) / 4],
    [2, () => r.int(-9999, 99999) / 100],
    [1, () => r.pick([0.1, 0.2, 0.3, 2.675, 1.005, -2.5, 1e-7, 123456.789, 0])],
  ])();
}

/** Local wall time text of a datetime (with an offset now and then), or a bare date. */
function instantText(ctx: Ctx, day: number, second: number, allowBareDate: boolean): string {
  const r = ctx.r;
  if (allowBareDate && r.chance(0.04)) return fmtDay(day);
  const h = Math.floor(second / 3600), mi = Math.floor((second % 3600) / 60), s = second % 60;
  const sep = r.chance(0.85) ? "T" : " ";
  let t = `${fmtDay(day)}${sep}${pad2(h)}:${pad2(mi)}`;
  const secs = r.weighted([[6, "s"], [2, "none"], [1, "frac"], [0.05, "leap"]] as const);
  if (secs === "s") t += `:${pad2(s)}`;
  else if (secs === "frac") t += `:${pad2(s)}.${r.pick(["5", "25", "125", "999", "0001", "123456"])}`;
  else if (secs === "leap" && h === 23 && mi === 59) t += ":60";
  else if (secs === "leap") t += `:${pad2(s)}`;
  const off = r.weighted([
    [10, ""], [3, "Z"], [1, "z"], [2, "+01:00"], [2, "-05:00"], [1, "+05:30"], [1, "+0530"], [1, "-03"], [1, "+13:45"], [1, "+02:00"], [1, "-00:00"],
  ] as const);
  return t + off;
}

/** A day and a second of the day: near the as-of date, often around midnight and clock changes. */
function moment(ctx: Ctx): { day: number; second: number } {
  const r = ctx.r;
  let day: number;
  const kind = r.weighted([[6, "recent"], [2, "old"], [1, "dst"], [1, "edge"]] as const);
  if (kind === "recent") day = ctx.asOfDay - r.int(-4, 420);
  else if (kind === "old") day = ctx.asOfDay - r.int(400, 800);
  else if (kind === "dst") {
    const year = new Date((ctx.asOfDay - r.int(0, 700)) * DAY_MS).getUTCFullYear();
    day = r.pick(dstSundays(year)) + r.int(-1, 1);
  } else day = ctx.asOfDay + r.int(-2, 2);
  const second = r.weighted<() => number>([
    [4, () => r.int(0, 86399)],
    [3, () => (r.chance(0.5) ? r.int(0, 3 * 3600) : r.int(21 * 3600, 86399))],
    [1, () => r.pick([0, 3600, 7200, 9000, 86399, 1800, 10800])],
  ])();
  return { day, second };
}

/** The timestamp's text in row i when it is a valid date or date-time. */
function stampText(stamp: Column | undefined, i: number): string | undefined {
  const c = stamp?.cells[i];
  if (!c || c.k !== "text" || !/^\d{4}-\d{2}-\d{2}/.test(c.v) || Number.isNaN(dayOf(c.v.slice(0, 10)))) return undefined;
  return c.v;
}

function makeColumn(ctx: Ctx, role: Role, name: string, rows: number, format: Format, declared: boolean, stamp?: Column): Column {
  const r = ctx.r;
  const json = format !== "csv";
  const cells: Cell[] = [];
  const nullRate = role === "customer" ? r.pick([0, 0, 0.03]) : r.pick([0, 0, 0.05, 0.1, 0.3, 0.6]);
  const invalidRate = declared && r.chance(0.2) ? 0.04 : 0;
  let type: ColType;
  let pool: string[] = [];
  let scale: [number, number] | undefined;
  let lowCard = false;
  let map: Column["map"];
  let gen: (i: number) => Cell;
  const text = (v: string): Cell => ({ k: "text", v });
  switch (role) {
    case "customer": {
      const k = Math.max(2, Math.floor(rows / r.int(2, 5)));
      if (r.chance(0.7)) {
        type = "text";
        gen = () => text(`C${String(r.int(1, k)).padStart(3, "0")}`);
      } else {
        type = "integer";
        gen = () => numCell(ctx, r.int(1, k), json, true);
      }
      break;
    }
    case "category": {
      type = "text";
      pool = [...r.pick(CATEGORY_POOLS)];
      lowCard = true;
      if (declared && r.chance(0.15)) {
        // Codes mapped to names.
        map = pool.slice(0, 2).map((v, i) => ({ label: ["N", "S", "E"][i] + "x", literal: str(v) }));
      }
      gen = () => {
        if (map && r.chance(0.4)) {
          const m = r.pick(map);
          return text(r.pick([m.label, m.label.toLowerCase(), ` ${upper(m.label)} `]));
        }
        return text(r.pick(pool));
      };
      break;
    }
    case "event":
      type = "text";
      pool = r.some(EVENT_POOL, r.int(3, 6));
      lowCard = true;
      gen = () => text(r.pick(pool));
      break;
    case "score": {
      type = "integer";
      scale = r.pick<[number, number]>([[0, 10], [0, 10], [1, 5], [1, 7], [1, 10]]);
      lowCard = true;
      const labels = SCORE_LABELS[`${scale[0]}-${scale[1]}`];
      if (declared && labels && r.chance(0.3)) map = labels.map((l) => ({ label: l.label, literal: String(l.value) }));
      const sc = scale;
      gen = () => {
        const v = r.chance(0.05) ? r.pick([sc[1] + 1, -1, 99, sc[0] - 1]) : r.int(sc[0], sc[1]);
        const m = map?.find((x) => x.literal === String(v));
        if (m && r.chance(0.6)) return text(r.pick([m.label, upper(m.label), m.label.toLowerCase(), `  ${m.label} `]));
        return numCell(ctx, v, json, true);
      };
      break;
    }
    case "amount":
      type = "number";
      gen = () => numCell(ctx, amountValue(r), json, false);
      break;
    case "quantity":
      type = "integer";
      lowCard = true;
      gen = () => numCell(ctx, r.weighted([[3, 0], [3, 1], [2, 2], [1, 3], [1, 4]] as const), json, true);
      break;
    case "flag": {
      type = "boolean";
      lowCard = true;
      if (declared && r.chance(0.25)) map = r.some(FLAG_LABELS, 2).filter((x, i, a) => a.findIndex((y) => y.literal === x.literal) === i);
      gen = () => {
        if (map && r.chance(0.5)) {
          const m = r.pick(map);
          return text(r.pick([m.label, upper(m.label), ` ${m.label.toLowerCase()}`]));
        }
        const b = r.chance(0.5);
        if (json && !declared) return { k: "bool", v: b };
        if (json && r.chance(0.7)) return { k: "bool", v: b };
        if (!declared) return text(r.pick(b ? ["true", "TRUE", "True"] : ["false", "FALSE", "False"]));
        return text(r.pick(b ? ["true", "TRUE", "yes", "1", "Yes"] : ["false", "False", "no", "0", "NO"]));
      };
      break;
    }
    case "stamp": {
      type = r.chance(0.6) ? "datetime" : "date";
      const t = type;
      gen = () => {
        const m = moment(ctx);
        return text(t === "date" ? fmtDay(m.day) : instantText(ctx, m.day, m.second, declared));
      };
      break;
    }
    case "day": {
      type = "date";
      gen = (i) => {
        const st = stampText(stamp, i);
        const base = st ? dayOf(st.slice(0, 10)) : moment(ctx).day;
        return text(fmtDay(base + r.weighted([[3, r.int(0, 120)], [1, r.int(0, 400)], [1, r.int(-20, 0)]])));
      };
      break;
    }
    case "instant": {
      type = "datetime";
      gen = (i) => {
        const src = stampText(stamp, i);
        const base = src && /^.{10}[T ]\d\d:\d\d/.test(src) ? { day: dayOf(src.slice(0, 10)), second: +src.slice(11, 13) * 3600 + +src.slice(14, 16) * 60 } : moment(ctx);
        const add = r.weighted([[3, r.int(0, 180)], [2, r.int(0, 3000)], [1, r.int(-30, 0)]]) * 60 + r.int(0, 59);
        const total = base.day * 86400 + base.second + add;
        return text(instantText(ctx, Math.floor(total / 86400), total % 86400, declared));
      };
      break;
    }
    case "note":
      type = "text";
      gen = () => text(r.pick(NOTE_POOL));
      pool = NOTE_POOL.slice(0, 6);
      break;
    case "constant": {
      type = "number";
      lowCard = true;
      const v = r.pick([1, 2.5, 3, 0]);
      gen = () => numCell(ctx, v, json, false);
      break;
    }
  }
  for (let i = 0; i < rows; i++) {
    if (r.next() < nullRate) {
      cells.push(json && r.chance(0.5) ? { k: "absent" } : !json && type !== "text" && r.chance(0.15) ? text(r.pick([" ", "  ", "\t"])) : { k: "null" });
      continue;
    }
    if (invalidRate && type !== "text" && r.next() < invalidRate) {
      cells.push(text(r.pick(["n/a", "—", "12abc", "2026-02-30", "maybe", "1,5", "--"])));
      continue;
    }
    cells.push(gen!(i));
  }
  if (!declared && rows > 0 && !cells.some((c) => c.k !== "null" && c.k !== "absent" && !(c.k === "text" && c.v.trim() === "" && type !== "text"))) {
    // A column without `columns` takes its type from its values: give it one.
    cells[0] = gen!(0);
  }
  if (json && rows > 0 && !cells.some((c) => c.k !== "absent")) {
    // A declared key no record has is missing from the data (CX4002): one record has it.
    cells[0] = { k: "null" };
  }
  if (!declared && type! === "datetime" && !cells.some((c) => c.k === "text" && c.v.length > 10)) cells[0] = text(instantText(ctx, ctx.asOfDay - 3, 3600 * 5, false));
  if (role === "score" || role === "quantity" || role === "constant") for (let v = scale?.[0] ?? 0; v <= (scale?.[1] ?? 4); v++) pool.push(String(v));
  return { name, type: type!, role, header: name, declared: true, pool, scale, lowCard, cells, map };
}

function makeSource(ctx: Ctx, name: string, index: number): Source {
  const r = ctx.r;
  const format: Format = r.weighted([[5, "csv"], [2, "jsonl"], [2, "json"], [1, "yaml"]] as const);
  const declared = r.chance(0.65);
  const rows = declared && r.chance(0.04) ? r.int(format === "csv" ? 0 : 1, 2) : r.weighted([[1, r.int(1, 8)], [5, r.int(15, 80)], [2, r.int(80, 220)]]);
  const roles: Role[] = ["customer", "stamp"];
  if (r.chance(0.12)) roles.pop(); // no timestamp column
  const add = (role: Role, p: number, max = 1) => {
    for (let i = 0; i < max; i++) if (r.chance(p)) roles.push(role);
  };
  add("category", 0.9);
  add("category", 0.5);
  add("event", 0.5);
  add("score", 0.9);
  add("score", 0.6);
  add("amount", 0.8);
  add("amount", 0.4);
  add("quantity", 0.6);
  add("flag", 0.6);
  add("day", 0.5);
  add("instant", roles.includes("stamp") ? 0.4 : 0.1);
  add("note", 0.3);
  add("constant", 0.2);
  const used = new Set<string>();
  const columns: Column[] = [];
  let stamp: Column | undefined;
  for (const role of roles) {
    const choices = NAMES[role].filter((n) => !used.has(n));
    const cname = choices.length ? r.pick(choices) : `${role}_${used.size}`;
    used.add(cname);
    const c = makeColumn(ctx, role, cname, rows, format, declared, stamp);
    if (role === "stamp") stamp = c;
    columns.push(c);
  }
  // Headers: the name; with `columns`, sometimes another spelling (found ignoring case and
  // surrounding spaces), an export's question text with `from`, or a nested JSON path.
  if (declared) {
    const exportHeaders = r.shuffle(EXPORT_HEADERS);
    for (const c of columns) {
      const how = r.weighted([[12, "same"], [2, "variant"], [3, "from"], [format === "csv" ? 0 : 1, "nested"]] as const);
      if (how === "variant") c.header = r.pick([` ${c.name}`, upper(c.name), `${c.name[0].toUpperCase()}${c.name.slice(1)}  `]);
      else if (how === "from" && exportHeaders.length) {
        c.header = exportHeaders.pop()!;
        const folded = c.header.trim();
        c.from = r.weighted([[3, c.header], [1, upper(folded)], [1, folded.toLowerCase()], [1, ` ${folded} `]]);
        // The fold must single out this header: no other header may fold to the same text.
      } else if (how === "nested") {
        c.header = `${r.pick(["meta", "who", "data"])}.${c.name}`;
        c.nested = true;
        c.from = c.header;
      }
    }
    // Two headers equal ignoring case would be ambiguous: fall back to the name.
    const fold = (s: string) => s.trim().toUpperCase().toLowerCase();
    for (const c of columns) {
      if (columns.some((o) => o !== c && (fold(o.header) === fold(c.header) || (o.nested && c.header === o.header.split(".")[0])))) {
        c.header = c.name;
        c.from = undefined;
        c.nested = false;
      }
    }
    // A few data columns the `columns` block leaves out (extra columns are ignored).
    for (const c of columns) if (c.role !== "customer" && c.role !== "stamp" && r.chance(0.08)) c.declared = false;
  }
  let delimiter = ",";
  let encoding: Source["encoding"];
  const ext = format === "yaml" ? r.pick(["yaml", "yml"]) : format;
  let files = [`data/${name}.${ext}`];
  let fileProp = files[0];
  if (format === "csv") {
    delimiter = r.weighted([[6, ","], [3, ";"], [1, "\t"], [1, "|"]] as const);
    if (r.chance(0.1)) encoding = r.pick(["latin1", "windows-1252"] as const);
    if (r.chance(0.12) && rows > 4) {
      files = [`data/${name}-part1.csv`, `data/${name}-part2.csv`];
      fileProp = `data/${name}-*.csv`;
    }
  }
  if (encoding) {
    // Only what latin1 can hold: the generator's non-latin1 characters become "?".
    const l1 = (x: string) => x.replace(/[^\x00-\xff]/gu, "?");
    for (const c of columns) {
      c.header = l1(c.header);
      if (c.from !== undefined) c.from = l1(c.from);
      c.pool = c.pool.map(l1);
      c.cells = c.cells.map((x) => (x.k === "text" ? { k: "text", v: l1(x.v) } : x));
    }
  }
  const src: Source = { name, format, files, fileProp, delimiter, crlf: r.chance(0.3), declared, columns, rows, derived: [], encoding, fields: [] };
  void index;
  for (const c of columns) {
    if (!c.declared) continue;
    const ty: VType = c.type === "integer" ? "number" : c.type;
    src.fields.push({ name: c.name, ty, role: c.role, pool: c.pool, lowCard: c.lowCard, scale: c.scale, integer: c.type === "integer" });
  }
  if (stamp) src.timestamp = stamp.name;
  return src;
}

// ------------------------------------------------------------------------------------ data files

function csvField(r: Rand, cell: Cell, delimiter: string): string {
  const v = cell.k === "null" || cell.k === "absent" ? "" : cell.k === "bool" ? String(cell.v) : cell.v;
  const needs = v.includes(delimiter) || v.includes('"') || v.includes("\n") || v.includes("\r");
  // Quoted empty fields are null too; spaces stay inside the quotes (a space before a quote reads differently on DuckDB).
  if (needs || r.chance(0.1)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

function csvText(r: Rand, s: Source, cols: Column[], from: number, to: number): string {
  const nl = s.crlf ? "\r\n" : "\n";
  const lines: string[] = [];
  lines.push(cols.map((c) => csvField(r, { k: "text", v: c.header }, s.delimiter)).join(s.delimiter));
  for (let i = from; i < to; i++) {
    let fields = cols.map((c) => csvField(r, c.cells[i], s.delimiter));
    // Now and then a record with fewer fields (CX4004: missing fields are null).
    if (r.chance(0.01) && fields.length > 2 && fields[fields.length - 1] === "") fields = fields.slice(0, -1);
    // … or more (CX4004: extra fields are ignored; DuckDB rejects the file and the native reader reads it).
    else if (r.chance(0.005)) fields.push("extra");
    lines.push(fields.join(s.delimiter));
    if (r.chance(0.01)) lines.push("");
  }
  return lines.join(nl) + (r.chance(0.85) ? nl : "");
}

/** A JSON string, with \u escapes now and then. */
function jsonString(r: Rand, v: string): string {
  const j = JSON.stringify(v);
  if (!r.chance(0.15)) return j;
  return j.replace(/[^\x20-\x7e]/gu, (ch) => (ch.length === 1 ? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0") : ch));
}

function jsonValue(r: Rand, cell: Cell): string {
  switch (cell.k) {
    case "null":
    case "absent":
      return "null";
    case "bool":
      return String(cell.v);
    case "num":
      return cell.v;
    case "text":
      return jsonString(r, cell.v);
  }
}

/** One record as JSON text (nested objects for dotted paths). */
function jsonRecord(r: Rand, cols: Column[], i: number, yaml: boolean): string {
  type Node = { kind: "obj"; keys: Map<string, Node> } | { kind: "val"; text: string };
  const root: Node = { kind: "obj", keys: new Map() };
  for (const c of cols) {
    const cell = c.cells[i];
    if (cell.k === "absent") continue;
    const text = yaml && cell.k === "null" ? r.pick(["null", "~"]) : jsonValue(r, cell);
    if (c.nested) {
      const [head, tail] = c.header.split(".");
      let obj = root.keys.get(head);
      if (!obj || obj.kind !== "obj") root.keys.set(head, (obj = { kind: "obj", keys: new Map() }));
      obj.keys.set(tail, { kind: "val", text });
    } else root.keys.set(c.header, { kind: "val", text });
  }
  const print = (n: Node): string =>
    n.kind === "val" ? n.text : `{${[...n.keys].map(([k, v]) => `${yaml ? JSON.stringify(k) : jsonString(r, k)}: ${print(v)}`).join(", ")}}`;
  return print(root);
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c <= 0xff ? c : 0x3f;
  }
  return out;
}

function dataFiles(r: Rand, s: Source, files: Map<string, string | Uint8Array>): void {
  const cols = s.columns;
  if (s.format === "csv") {
    const bounds = s.files.length === 1 ? [0, s.rows] : [0, r.int(1, s.rows - 1), s.rows];
    s.files.forEach((f, k) => {
      // Each file of a glob has its own header order (columns are found by name).
      const order = k === 0 ? cols : r.chance(0.5) ? r.shuffle(cols) : cols;
      let text = csvText(r, s, order, bounds[k], bounds[k + 1]);
      if (s.encoding) {
        files.set(f, latin1(text.replace(/[^\x00-\xff]/gu, "?")));
        return;
      }
      if (r.chance(0.05)) text = "\ufeff" + text;
      if (s.declared && r.chance(0.03)) {
        // Invalid UTF-8 (CX4009): a latin1 byte in a UTF-8 file (with `columns`: without them, it
        // would make the first column text).
        const bytes = new TextEncoder().encode(text);
        const at = bytes.indexOf(0x0a) + 1;
        if (at > 0 && at < bytes.length) {
          const out = new Uint8Array(bytes.length + 1);
          out.set(bytes.subarray(0, at));
          out[at] = 0xe9;
          out.set(bytes.subarray(at), at + 1);
          files.set(f, out);
          return;
        }
      }
      files.set(f, text);
    });
    return;
  }
  const nl = s.crlf ? "\r\n" : "\n";
  const records = Array.from({ length: s.rows }, (_, i) => jsonRecord(r, cols, i, s.format === "yaml"));
  if (s.format === "jsonl") files.set(s.files[0], records.map((x) => (r.chance(0.02) ? nl + x : x)).join(nl) + (r.chance(0.8) ? nl : ""));
  else if (s.format === "json") files.set(s.files[0], records.length ? `[${nl}  ${records.join(`,${nl}  `)}${nl}]${nl}` : `[]${nl}`);
  else files.set(s.files[0], records.length ? `# ${s.name}${nl}${records.map((x) => `- ${x}`).join(nl)}${nl}` : `[]${nl}`);
}

// ------------------------------------------------------------------------------------ expressions

/** Row expressions as text, columns marked §name§ (printed bare or as source.column). */
class Exprs {
  constructor(
    private readonly ctx: Ctx,
    private readonly fields: Field[],
  ) {}

  private get r(): Rand {
    return this.ctx.r;
  }

  private col(ty: VType, pred: (f: Field) => boolean = () => true): Field | undefined {
    const fs = this.fields.filter((f) => f.ty === ty && pred(f));
    return fs.length ? this.r.pick(fs) : undefined;
  }

  private numLit(): string {
    return this.r.pick(["0", "1", "2", "3", "10", "100", "0.5", "2.5", "1.005", "2.675", "0.1", "7", "-1", "-2.5", "1e3"]);
  }

  private dayLit(): string {
    return `"${fmtDay(this.ctx.asOfDay - this.r.int(-3, 400))}"`;
  }

  private instantLit(): string {
    const m = moment(this.ctx);
    const t = instantText(this.ctx, m.day, m.second, false);
    // Literals take an offset or none (a local time in the workspace zone).
    return `"${t.replace(/^(\d{4}-\d{2}-\d{2}) /, "$1T")}"`;
  }

  of(ty: VType, d: number): string {
    switch (ty) {
      case "number":
        return this.num(d);
      case "text":
        return this.text(d);
      case "boolean":
        return this.bool(d);
      case "date":
        return this.date(d);
      case "datetime":
        return this.datetime(d);
    }
  }

  num(d: number): string {
    const r = this.r;
    const c = this.col("number");
    const options: [number, () => string | undefined][] = [
      [6, () => (c ? `§${c.name}§` : undefined)],
      [1, () => this.numLit()],
    ];
    if (d > 0) {
      options.push(
        [3, () => `(${this.num(d - 1)} ${r.pick(["+", "-", "*", "/"])} ${this.num(d - 1)})`],
        [2, () => {
          const q = this.col("number", (f) => f.role === "quantity" || f.role === "constant" || f.role === "score");
          return `(${this.num(d - 1)} / ${q ? `§${q.name}§` : `(${this.num(0)} - ${this.num(0)})`})`;
        }],
        [1, () => `-(${this.num(d - 1)})`],
        [1, () => `round(${this.num(d - 1)}${r.chance(0.6) ? `, ${r.int(0, 3)}` : ""})`],
        [1, () => `abs(${this.num(d - 1)})`],
        [1, () => `coalesce(${this.num(d - 1)}, ${r.chance(0.3) ? "null" : this.num(d - 1)})`],
        [1, () => `${r.pick(["least", "greatest"])}(${this.num(d - 1)}, ${this.num(d - 1)}${r.chance(0.3) ? `, ${this.num(0)}` : ""})`],
        [1, () => `if(${this.bool(d - 1)}, ${this.num(d - 1)}, ${r.chance(0.3) ? "null" : this.num(d - 1)})`],
        [2, () => {
          const a = this.dateLike(d - 1);
          const b = this.dateLike(d - 1);
          return a && b ? `${r.pick(["days_between", "hours_between", "minutes_between"])}(${a}, ${b})` : undefined;
        }],
      );
    }
    return this.choose(options, () => this.numLit());
  }

  text(d: number): string {
    const r = this.r;
    const c = this.col("text", (f) => f.role !== "customer" || r.chance(0.3));
    const options: [number, () => string | undefined][] = [
      [6, () => (c ? `§${c.name}§` : undefined)],
      [1, () => str(this.textLit(c), r)],
    ];
    if (d > 0) {
      options.push(
        [2, () => `${r.pick(["lower", "upper", "trim"])}(${this.text(d - 1)})`],
        [2, () => {
          const x = this.dateLike(d - 1, false);
          return x ? `${r.pick(["day", "week", "month", "quarter", "year"])}(${x})` : undefined;
        }],
        [1, () => `if(${this.bool(d - 1)}, ${this.text(d - 1)}, ${r.chance(0.3) ? "null" : this.text(d - 1)})`],
        [1, () => `coalesce(${this.text(d - 1)}, ${this.text(d - 1)})`],
      );
    }
    return this.choose(options, () => str(this.textLit(c), r));
  }

  private textLit(c: Field | undefined): string {
    const r = this.r;
    if (c && c.pool.length && r.chance(0.8)) {
      const v = r.pick(c.pool);
      return r.chance(0.15) ? r.pick([upper(v), v.toLowerCase(), ` ${v}`]) : v;
    }
    return r.pick(["north", "web", "Köln", "café", "ÉCOLE", "", "zz", "2026-03", "ß", "view"]);
  }

  bool(d: number): string {
    const r = this.r;
    const options: [number, () => string | undefined][] = [
      [3, () => {
        const c = this.col("number");
        if (!c) return undefined;
        const lit = c.pool.length && r.chance(0.6) ? r.pick(c.pool) : this.numLit();
        return `§${c.name}§ ${r.pick(["==", "!=", "<", "<=", ">", ">="])} ${lit}`;
      }],
      [3, () => {
        const c = this.col("text", (f) => f.pool.length > 0);
        if (!c) return undefined;
        return `§${c.name}§ ${r.weighted([[4, "=="], [2, "!="], [1, "<"], [1, ">="]] as const)} ${str(this.textLit(c), r)}`;
      }],
      [2, () => {
        const c = this.col("text", (f) => f.pool.length > 0);
        if (!c) return undefined;
        const items = r.some(c.pool, r.int(1, 3)).map((v) => str(v, r));
        if (r.chance(0.25)) items.push("null");
        return `§${c.name}§ ${r.chance(0.25) ? "not in" : "in"} [${items.join(", ")}]`;
      }],
      [1, () => {
        const c = this.col("number", (f) => f.pool.length > 0);
        if (!c) return undefined;
        const items = r.some(c.pool, r.int(1, 3));
        if (r.chance(0.2)) items.push("null");
        return `§${c.name}§ ${r.chance(0.25) ? "not in" : "in"} [${items.join(", ")}]`;
      }],
      [2, () => {
        const f = r.pick(this.fields);
        return f ? `§${f.name}§ is ${r.chance(0.5) ? "not " : ""}null` : undefined;
      }],
      [2, () => {
        const c = this.col("boolean");
        if (!c) return undefined;
        return r.pick([`§${c.name}§`, `§${c.name}§ == ${r.pick(["true", "false"])}`, `§${c.name}§ != true`, `not §${c.name}§`]);
      }],
      [2, () => {
        const c = this.col("date");
        if (!c) return undefined;
        return r.pick([`§${c.name}§ ${r.pick(["<", "<=", ">", ">=", "==", "!="])} ${this.dayLit()}`, `§${c.name}§ <= as_of()`, `§${c.name}§ in [${this.dayLit()}, ${this.dayLit()}]`]);
      }],
      [2, () => {
        const c = this.col("datetime");
        if (!c) return undefined;
        return r.pick([`§${c.name}§ ${r.pick(["<", "<=", ">", ">="])} ${this.instantLit()}`, `date(§${c.name}§) ${r.pick(["==", "<", ">="])} ${r.pick([this.dayLit(), "as_of()"])}`, `§${c.name}§ >= ${this.dayLit()}`]);
      }],
      [1, () => `${r.pick(["contains", "starts_with"])}(${this.text(Math.max(0, d - 1))}, ${str(r.pick(["o", "C", "é", "", "no", "Ü", "a, "]), r)})`],
      [0.3, () => r.pick(["true", "false", "null == 1"])],
    ];
    if (d > 0) {
      options.push(
        [3, () => `(${this.bool(d - 1)} ${r.pick(["and", "or"])} ${this.bool(d - 1)})`],
        [1, () => `not (${this.bool(d - 1)})`],
        [2, () => `(${this.num(d - 1)}) ${r.pick(["<", ">=", "==", "!="])} (${this.num(d - 1)})`],
        [1, () => `(${this.text(d - 1)}) ${r.pick(["==", "<", "!="])} (${this.text(d - 1)})`],
        [1, () => {
          const a = this.dateLike(d - 1);
          const b = this.dateLike(d - 1);
          return a && b ? `(${a}) ${r.pick(["<", "<=", "==", ">"])} (${b})` : undefined;
        }],
      );
    }
    return this.choose(options, () => "true");
  }

  date(d: number): string {
    const r = this.r;
    const c = this.col("date");
    const t = this.col("datetime");
    const options: [number, () => string | undefined][] = [
      [5, () => (c ? `§${c.name}§` : undefined)],
      [3, () => (t ? `date(§${t.name}§)` : undefined)],
      [1, () => "as_of()"],
    ];
    if (d > 0) {
      options.push(
        [1, () => `if(${this.bool(d - 1)}, ${this.date(d - 1)}, ${r.chance(0.5) ? "null" : this.date(d - 1)})`],
        [1, () => `coalesce(${this.date(d - 1)}, ${r.chance(0.5) ? this.dayLit() : this.date(d - 1)})`],
      );
    }
    return this.choose(options, () => "as_of()");
  }

  datetime(d: number): string {
    const r = this.r;
    const t = this.col("datetime");
    const options: [number, () => string | undefined][] = [[5, () => (t ? `§${t.name}§` : undefined)]];
    if (d > 0) {
      options.push(
        [1, () => (t ? `coalesce(${this.datetime(d - 1)}, ${r.chance(0.5) ? this.instantLit() : this.date(d - 1)})` : undefined)],
        [1, () => (t ? `if(${this.bool(d - 1)}, ${this.datetime(d - 1)}, ${this.datetime(d - 1)})` : undefined)],
      );
    }
    return this.choose(options, () => this.date(d));
  }

  /** A date or date-time operand (a date-time literal, a date literal, a column, a function). */
  dateLike(d: number, literals = true): string | undefined {
    const r = this.r;
    const options: [number, () => string | undefined][] = [
      [3, () => (this.col("datetime") ? this.datetime(d) : undefined)],
      [3, () => (this.col("date") || this.col("datetime") ? this.date(d) : undefined)],
    ];
    if (literals) options.push([1, () => this.dayLit()], [0.5, () => this.instantLit()], [0.5, () => "as_of()"]);
    const out = this.choose(options, () => "");
    void r;
    return out || undefined;
  }

  private choose(options: [number, () => string | undefined][], fallback: () => string): string {
    for (let tries = 0; tries < 6; tries++) {
      const v = this.r.weighted(options)();
      if (v !== undefined) return v;
    }
    return fallback();
  }
}

const render = (e: string, prefix: string): string => e.replace(/§(\w+)§/g, (_, n: string) => prefix + n);
const hasColumn = (e: string): boolean => /§\w+§/.test(e);

// ------------------------------------------------------------------------------------ workspace

const WINDOW_UNITS = ["days", "weeks", "months", "years"] as const;

function windowText(r: Rand): string {
  const unit = r.pick(WINDOW_UNITS);
  const n = unit === "days" ? r.pick([1, 7, 30, 90, 180, 365, r.int(1, 500)]) : unit === "weeks" ? r.int(1, 30) : unit === "months" ? r.int(1, 15) : r.int(1, 2);
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

export function generateWorkspace(seed: number): GeneratedWorkspace {
  const r = new Rand(seed);
  const asOfDay = dayOf("2025-03-01") + r.int(0, 660);
  const zone = r.chance(0.15) ? "" : r.pick(ZONES);
  const ctx: Ctx = { r, asOfDay, zone: zone || "UTC" };
  const files = new Map<string, string | Uint8Array>();
  const yaml = [`asOf: ${fmtDay(asOfDay)}`];
  if (zone) yaml.push(`timezone: ${zone}`);
  if (r.chance(0.1)) yaml.push(`confidence: ${r.pick([0.9, 0.99])}`);
  files.set("cx.yaml", yaml.join("\n") + "\n");

  const sources = r.some(SOURCE_NAMES, r.weighted([[3, 1], [4, 2], [2, 3]])).map((n, i) => makeSource(ctx, n, i));
  const decls: string[] = [];

  // Derived columns (any order in the block; each may use the ones made before it).
  for (const s of sources) {
    const n = r.weighted([[3, 0], [3, 1], [2, 2], [1, 4]]);
    for (let i = 0; i < n; i++) {
      let ty: VType = r.weighted([[4, "number"], [3, "text"], [2, "boolean"], [1, "date"], [0.5, "datetime"]] as const);
      if (ty === "datetime" && !s.fields.some((f) => f.ty === "datetime")) ty = "date";
      const ex = new Exprs(ctx, s.fields);
      let e = ex.of(ty, r.int(1, 3));
      if (!hasColumn(e)) e = ex.of(ty, 3);
      const name = `d${i}_${ty.slice(0, 3)}`;
      s.derived.push({ name, type: ty, annotate: r.chance(0.4), expr: render(e, "") });
      s.fields.push({ name, ty, role: "derived", pool: [], lowCard: ty === "boolean" || (ty === "text" && /^(day|week|month|quarter|year|lower|upper|trim)\(|^§/.test(e)), integer: false });
    }
    // A derived timestamp now and then.
    const stampField = s.fields.find((f) => f.name === s.timestamp);
    if (stampField && r.chance(0.12)) {
      const other = s.fields.find((f) => (f.ty === "datetime" || f.ty === "date") && f.name !== stampField.name && f.role !== "derived");
      const expr = stampField.ty === "datetime" && r.chance(0.5) ? `date(${stampField.name})` : other && other.ty === stampField.ty ? `coalesce(${stampField.name}, ${other.name})` : `${stampField.name}`;
      const ty: VType = expr.startsWith("date(") ? "date" : stampField.ty;
      s.derived.push({ name: "ts_local", type: ty, annotate: r.chance(0.5), expr });
      s.fields.push({ name: "ts_local", ty, role: "derived", pool: [], lowCard: false, integer: false });
      s.timestamp = "ts_local";
    }
  }

  for (const s of sources) {
    dataFiles(r, s, files);
    const lines = [`source ${s.name} {`, `  file: ${str(s.fileProp)}`];
    if (s.format === "csv" && s.delimiter !== ",") lines.push(`  delimiter: ${str(s.delimiter)}`);
    if (r.chance(0.1)) lines.push(`  format: ${s.format}`);
    if (s.encoding) lines.push(`  encoding: ${s.encoding}`);
    if (s.timestamp) lines.push(`  timestamp: ${s.timestamp}`);
    if (s.declared) {
      lines.push("  columns {");
      for (const c of r.shuffle(s.columns)) {
        if (!c.declared) continue;
        let line = `    ${c.name}: ${c.type}`;
        if (c.from !== undefined) line += ` from ${str(c.from, r)}`;
        if (c.map) line += ` map { ${c.map.map((m) => `${str(m.label, r)}: ${m.literal}`).join(", ")} }`;
        lines.push(line);
      }
      lines.push("  }");
    }
    if (s.derived.length) {
      lines.push("  derive {");
      for (const d of r.shuffle(s.derived)) lines.push(`    ${d.name}${d.annotate ? `: ${d.type}` : ""} = ${d.expr}`);
      lines.push("  }");
    }
    lines.push("}");
    decls.push(lines.join("\n"));
  }

  const withStamp = sources.filter((s) => s.timestamp);
  const metrics: MetricInfo[] = [];
  const funnels: { name: string; steps: string[] }[] = [];
  const cohorts: { name: string; periods: number }[] = [];

  // Funnels, cohorts, drivers.
  for (const s of withStamp) {
    const cust = s.fields.find((f) => f.role === "customer")!;
    if (!cust) continue;
    if (r.chance(0.45)) {
      const name = `funnel_${s.name}`;
      const ex = new Exprs(ctx, s.fields);
      const ev = s.fields.find((f) => f.role === "event");
      const stepNames = r.some(["visit", "cart", "pay", "done", "again"], r.int(2, 4));
      const steps = stepNames.map((n) => {
        const cond = ev && r.chance(0.7) ? (r.chance(0.7) ? `${ev.name} == ${str(r.pick(ev.pool))}` : `${ev.name} in [${r.some(ev.pool, 2).map((v) => str(v)).join(", ")}]`) : render(ex.bool(r.int(0, 2)), "");
        return `    ${n}: ${cond}`;
      });
      const lines = [`funnel ${name} {`, `  source: ${s.name}`, `  customer: ${cust.name}`, "  steps {", ...steps, "  }"];
      if (r.chance(0.6)) {
        const unit = r.pick(["minutes", "hours", "days"]);
        lines.push(`  within: ${unit === "minutes" ? r.pick([1, 30, 90, 600]) : unit === "hours" ? r.pick([1, 12, 48]) : r.pick([1, 7, 30])} ${unit}`);
      }
      if (r.chance(0.35)) lines.push(`  window: ${windowText(r)}`);
      lines.push("}");
      decls.push(lines.join("\n"));
      funnels.push({ name, steps: stepNames });
    }
    if (r.chance(0.35)) {
      const name = `cohort_${s.name}`;
      const period = r.pick(["week", "month", "quarter"]);
      const periods = r.int(1, 8);
      const lines = [`cohort ${name} {`, `  source: ${s.name}`, `  customer: ${cust.name}`];
      const startF = s.fields.filter((f) => f.ty === "date" || f.ty === "datetime");
      const endF = s.fields.filter((f) => f.ty === "date" || f.ty === "datetime");
      if (r.chance(0.5) && startF.length && endF.length) {
        const start = r.pick(startF);
        const end = r.pick(endF.filter((f) => f !== start).length ? endF.filter((f) => f !== start) : endF);
        lines.push(`  start: ${start.name}`, `  end: ${end.name}`);
      }
      lines.push(`  period: ${period}`, `  periods: ${periods}`);
      if (r.chance(0.35)) lines.push(`  window: ${windowText(r)}`);
      lines.push("}");
      decls.push(lines.join("\n"));
      cohorts.push({ name, periods });
    }
  }
  // Subscription cohorts on sources without a timestamp too.
  for (const s of sources.filter((x) => !x.timestamp)) {
    const cust = s.fields.find((f) => f.role === "customer");
    const dates = s.fields.filter((f) => f.ty === "date" || f.ty === "datetime");
    if (cust && dates.length && r.chance(0.4)) {
      const name = `cohort_${s.name}`;
      const periods = r.int(1, 6);
      decls.push([`cohort ${name} {`, `  source: ${s.name}`, `  customer: ${cust.name}`, `  start: ${r.pick(dates).name}`, `  end: ${r.pick(dates).name}`, `  period: ${r.pick(["week", "month", "quarter"])}`, `  periods: ${periods}`, "}"].join("\n"));
      cohorts.push({ name, periods });
    }
  }
  for (const s of sources) {
    const numeric = s.fields.filter((f) => f.ty === "number" && f.role !== "customer");
    if (numeric.length < 3 || !r.chance(0.35)) continue;
    const [outcome, ...rest] = r.shuffle(numeric);
    const drivers = rest.slice(0, r.int(2, Math.min(4, rest.length)));
    const konst = s.fields.find((f) => f.role === "constant");
    if (konst && konst !== outcome && !drivers.includes(konst) && r.chance(0.6)) drivers.push(konst);
    const lines = [`drivers drivers_${s.name} {`, `  source: ${s.name}`, `  outcome: ${outcome.name}`, "  drivers {", ...drivers.map((d) => `    k_${d.name}: ${d.name}`), "  }"];
    if (r.chance(0.4)) lines.push(`  where: ${render(new Exprs(ctx, s.fields).bool(r.int(0, 2)), "")}`);
    if (s.timestamp && r.chance(0.3)) lines.push(`  window: ${windowText(r)}`);
    lines.push("}");
    decls.push(lines.join("\n"));
  }

  // Metrics.
  const nMetrics = r.int(3, 14);
  for (let i = 0; i < nMetrics; i++) {
    const name = `m${i}`;
    const s = r.pick(sources);
    const info: MetricInfo = { name, sources: new Set([s.name]), analysis: false, dateValued: false, percent: false };
    const props: string[] = [];
    let value: string;
    const useAnalysis = (funnels.length || cohorts.length) && r.chance(0.12);
    if (useAnalysis) {
      info.analysis = true;
      info.sources = new Set();
      info.percent = true;
      const pickF = funnels.length && (!cohorts.length || r.chance(0.5));
      if (pickF) {
        const f = r.pick(funnels);
        value = r.chance(0.5) ? `conversion(${f.name})` : `conversion(${f.name}, ${r.pick(f.steps)})`;
      } else {
        const c = r.pick(cohorts);
        value = `retention(${c.name}, ${r.int(0, c.periods)})`;
      }
      if (r.chance(0.3)) {
        value = `${value} * ${r.pick(["100", "2", "0.5"])}`;
        info.percent = false;
      }
    } else {
      const scoped = r.chance(0.6);
      if (scoped) {
        if (r.chance(0.45)) {
          // Low-cardinality keys mostly; now and then a customer, a date, a date-time or a number (decimal keys).
          const keys = s.fields.filter((f) => f.lowCard || (f.role === "customer" && r.chance(0.2)) || ((f.ty === "date" || f.ty === "datetime" || f.ty === "number") && r.chance(0.08)));
          if (keys.length) {
            const by = r.some(keys, r.chance(0.7) ? 1 : 2).map((f) => f.name);
            info.by = by;
            props.push(`  by: ${by.length === 1 ? by[0] : `[${by.join(", ")}]`}`);
          }
        }
        if (s.timestamp && r.chance(0.35)) props.push(`  trend: ${r.pick(["day", "week", "month", "quarter", "year"])}`);
        if (s.timestamp && r.chance(0.45)) {
          props.push(`  window: ${windowText(r)}`);
          if (r.chance(0.45)) props.push(`  compare: ${r.pick(["previous", "last_year"])}`);
        }
      }
      const restricted = props.length > 0;
      const gen = new MetricGen(ctx, s, sources, metrics, restricted);
      // A compared metric that is one aggregate of these kinds gets a significance test (language-v2 §11.2).
      const v = gen.formula(props.some((x) => x.includes("compare:")) && r.chance(0.6) ? ["nps", "csat", "share", "ces", "avg"] : undefined);
      value = v.text;
      info.dateValued = v.dateValued;
      info.percent = v.percent;
      for (const x of v.sources) info.sources.add(x);
      if (!restricted && v.sources.size === 0) info.sources = new Set();
    }
    if (r.chance(0.1)) props.push(`  decimals: ${r.int(0, 3)}`);
    decls.push([`metric ${name} {`, `  value: ${value}`, ...props, "}"].join("\n"));
    metrics.push(info);
  }

  // Goals.
  for (const m of metrics) {
    if (m.dateValued || !r.chance(0.35)) continue;
    const op = r.weighted([[4, ">="], [1, ">"], [3, "<="], [1, "<"], [0.5, "=="]] as const);
    const num = () => (m.percent ? `${r.int(0, 100)}%` : String(r.pick([0, 1, 5, 10, 20, 30, 50, 100, -10, 2.5])));
    const target = num();
    const value = (t: string) => parseFloat(t);
    const lines = [`goal g_${m.name} {`, `  metric: ${m.name}`, `  target: ${op} ${target}`];
    if (op !== "==" && r.chance(0.6)) {
      const t = value(target);
      const step = m.percent ? r.int(1, 20) : r.pick([1, 5, 10, 0.5]);
      const w = op.startsWith(">") ? t - step : t + step;
      lines.push(`  warn: ${op} ${m.percent ? `${w}%` : w}`);
    }
    if (m.by && r.chance(0.5)) lines.push("  scope: groups");
    if (r.chance(0.3)) lines.push("  severity: warning");
    lines.push("}");
    decls.push(lines.join("\n"));
  }

  // Touchpoints and a journey now and then.
  const scores = metrics.filter((m) => !m.dateValued);
  if (scores.length >= 2 && r.chance(0.2)) {
    const picked = r.some(scores, r.int(2, 3));
    picked.forEach((m, i) => decls.push(`touchpoint tp${i} {\n  score: ${m.name}\n  weight: ${r.pick([1, 2, 0.5])}\n}`));
    decls.push(`journey trip {\n  touchpoints: [${picked.map((_, i) => `tp${i}`).join(", ")}]\n}`);
  }

  // One file, or the declarations spread over a few (a workspace is every .cx file in it).
  const split = r.int(1, 3);
  const parts: string[][] = Array.from({ length: split }, () => []);
  decls.forEach((d, i) => parts[split === 1 ? 0 : i % split].push(d));
  parts.forEach((p, i) => files.set(i === 0 ? "main.cx" : `part${i}.cx`, `// generated, seed ${seed}\n\n${p.join("\n\n")}\n`));

  const summary = `${sources.map((s) => `${s.name}:${s.format}${s.declared ? "+cols" : ""}/${s.rows}`).join(" ")} ${metrics.length}m ${funnels.length}f ${cohorts.length}c tz=${zone || "-"} asOf=${fmtDay(asOfDay)}`;
  return { seed, files, asOf: fmtDay(asOfDay), timezone: zone || "UTC", summary };
}

// ------------------------------------------------------------------------------------ metric formulas

class MetricGen {
  readonly sources = new Set<string>();
  private percentTerms = 0;
  private terms = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly home: Source,
    private readonly all: Source[],
    private readonly metrics: MetricInfo[],
    /** With by/trend/window: only the home source and metrics on it. */
    private readonly restricted: boolean,
  ) {}

  formula(kinds?: readonly string[]): { text: string; dateValued: boolean; percent: boolean; sources: Set<string> } {
    const r = this.ctx.r;
    if (kinds) {
      this.terms++;
      const text = this.aggregate(this.home, kinds);
      return { text, dateValued: false, percent: this.percentTerms === 1, sources: this.sources };
    }
    const text = this.expr(r.weighted([[5, 0], [3, 1], [1, 2]]));
    return { text, dateValued: false, percent: this.terms === 1 && this.percentTerms === 1, sources: this.sources };
  }

  private expr(d: number): string {
    const r = this.ctx.r;
    if (d === 0) return this.term();
    return r.weighted<() => string>([
      [4, () => `${this.expr(d - 1)} ${r.pick(["+", "-", "*", "/"])} ${this.expr(d - 1)}`],
      [2, () => `(${this.expr(d - 1)}) / (${this.expr(d - 1)})`],
      [1, () => `round(${this.expr(d - 1)}, ${r.int(0, 3)})`],
      [1, () => `abs(${this.expr(d - 1)})`],
      [1, () => `coalesce(${this.expr(d - 1)}, ${r.chance(0.5) ? "0" : this.expr(d - 1)})`],
      [1, () => `${r.pick(["least", "greatest"])}(${this.expr(d - 1)}, ${this.expr(d - 1)})`],
      [0.5, () => `-(${this.expr(d - 1)})`],
    ])();
  }

  private term(): string {
    const r = this.ctx.r;
    const refs = this.metrics.filter((m) => !m.dateValued && (!this.restricted || (!m.analysis && [...m.sources].every((x) => x === this.home.name))));
    const kind = r.weighted([[8, "agg"], [refs.length ? 2 : 0, "ref"], [1, "lit"], [this.restricted ? 0 : 1, "other"]] as const);
    this.terms++;
    if (kind === "ref") {
      const m = r.pick(refs);
      for (const x of m.sources) this.sources.add(x);
      return m.name;
    }
    if (kind === "lit") return r.pick(["2", "100", "0", "0.5", "5%", "12.5%", "1e3"]);
    const s = kind === "other" ? r.pick(this.all) : this.home;
    return this.aggregate(s);
  }

  private where(s: Source = this.home, p = 0.5): string {
    const r = this.ctx.r;
    if (!r.chance(p)) return "";
    return ` where ${render(new Exprs(this.ctx, s.fields).bool(r.int(0, 2)), "")}`;
  }

  private aggregate(s: Source, only?: readonly string[]): string {
    const r = this.ctx.r;
    this.sources.add(s.name);
    const ex = new Exprs(this.ctx, s.fields);
    const q = `${s.name}.`;
    const numArg = (): string => {
      const cols = s.fields.filter((f) => f.ty === "number");
      if (cols.length && r.chance(0.65)) return `${q}${r.pick(cols).name}`;
      for (let i = 0; i < 5; i++) {
        const e = ex.num(r.int(1, 3));
        if (hasColumn(e)) return render(e, q);
      }
      return cols.length ? `${q}${cols[0].name}` : `${q}${s.fields[0].name}`;
    };
    const hasNum = s.fields.some((f) => f.ty === "number");
    const scores = s.fields.filter((f) => f.role === "score" || (f.ty === "number" && f.integer));
    const kinds = [
      [3, "count"], [1, "count_distinct"], [hasNum ? 2 : 0, "sum"], [hasNum ? 2 : 0, "avg"], [hasNum ? 1 : 0, "minmax"], [hasNum ? 1 : 0, "median"],
      [hasNum ? 1 : 0, "percentile"], [2, "share"], [scores.length ? 2 : 0, "nps"], [scores.length ? 2 : 0, "csat"], [scores.length ? 1 : 0, "ces"],
    ] as const;
    const allowed = only ? kinds.filter(([w, k]) => w > 0 && only.includes(k)) : kinds;
    const kind = r.weighted(allowed.length ? allowed : kinds);
    switch (kind) {
      case "count": {
        const how = r.weighted([[3, "rows"], [2, "col"], [1, "expr"]] as const);
        if (how === "rows") return `count(${s.name}${this.where(s, 0.6)})`;
        if (how === "col") return `count(${q}${r.pick(s.fields).name}${this.where(s)})`;
        const e = ex.of(r.pick(["number", "text", "boolean", "date"] as const), r.int(1, 2));
        return hasColumn(e) ? `count(${render(e, q)}${this.where(s)})` : `count(${s.name}${this.where(s)})`;
      }
      case "count_distinct": {
        if (r.chance(0.7)) return `count_distinct(${q}${r.pick(s.fields).name}${this.where(s)})`;
        const e = ex.of(r.pick(["number", "text", "date"] as const), r.int(1, 2));
        return hasColumn(e) ? `count_distinct(${render(e, q)}${this.where(s)})` : `count_distinct(${q}${s.fields[0].name})`;
      }
      case "sum":
      case "avg":
      case "median":
        return `${kind}(${numArg()}${this.where(s)})`;
      case "minmax":
        return `${r.pick(["min", "max"])}(${numArg()}${this.where(s)})`;
      case "percentile":
        return `percentile(${numArg()}${this.where(s)}, ${r.pick([0, 10, 25, 50, 75, 90, 99.5, 100, 33.3])})`;
      case "share":
        this.percentTerms++;
        return `share(${s.name} where ${render(ex.bool(r.int(0, 2)), "")})`;
      case "nps":
      case "csat":
      case "ces": {
        const prefer = scores.filter((f) => (kind === "nps" ? f.scale?.[0] === 0 : kind === "csat" ? f.scale?.[0] === 1 : f.scale?.[1] === 7 || f.scale?.[1] === 5));
        const c = prefer.length && r.chance(0.8) ? r.pick(prefer) : r.pick(scores);
        let arg = `${q}${c.name}`;
        if (r.chance(0.1)) {
          const b = ex.bool(1);
          arg = `if(${render(b, q)}, ${q}${c.name}, null)`;
          if (!hasColumn(b)) arg = `${q}${c.name}`;
        }
        let opt = "";
        if (kind === "csat") {
          this.percentTerms++;
          const scale = c.scale?.[1] === 7 ? 7 : c.scale?.[1] === 10 ? 10 : 5;
          if (scale !== 5 || r.chance(0.3)) opt = `, scale: ${r.chance(0.85) ? scale : r.pick([5, 7, 10])}`;
        }
        if (kind === "ces") {
          const scale = c.scale?.[1] === 5 ? 5 : 7;
          if (scale !== 7 || r.chance(0.3)) opt = `, scale: ${r.chance(0.85) ? scale : r.pick([5, 7])}`;
        }
        return `${kind}(${arg}${this.where(s)}${opt})`;
      }
    }
  }
}
