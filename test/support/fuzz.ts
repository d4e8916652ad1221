// The fuzzer's input generator and pipeline, shared by the test (test/unit/fuzz.test.ts, a fixed
// seed and a few thousand inputs) and `npm run fuzz` (scripts/fuzz.mjs: longer runs).
//
// An input is a small workspace: files by absolute path under /ws (text or raw bytes) and the .cx
// file to start from. Each input KIND is a generator; kinds are kept in one registry so that other
// parts (data readers, the evaluator) can add theirs:
//
//   registerInputKind({ name: "csv-quotes", weight: 2, make: (rng, corpus) => ({ … }) });
//
// `checkInput` runs an input through parse → format → (format again) → analyze (and evaluate,
// when the input asks for it) with the in-memory host, and throws on any escaped exception, on a
// formatter that is not idempotent, and on an out-of-range span. It returns what it measured.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { decodeSource } from "../../server/src/core/host";
import { parse } from "../../server/src/core/syntax";
import { format } from "../../server/src/core/format/formatter";
import { DataCache } from "../../server/src/core/data/reader";
import { run } from "../../server/src/core/engine";
import { MAX_EXPR_DEPTH, MAX_NESTING } from "../../server/src/core/syntax/ast";
import { MemoryHost } from "./memoryHost";
import { Rng } from "./rng";

export { Rng };

export interface FuzzInput {
  /** The kind that made it. */
  kind: string;
  /** Files of the workspace (absolute paths under /ws), as text or bytes. */
  files: Record<string, string | Uint8Array>;
  /** The .cx file the pipeline starts from (parsed, formatted, and the workspace's one input). */
  main: string;
  /** Also evaluate (the input has data). */
  evaluate?: boolean;
}

export interface InputKind {
  name: string;
  /** Relative frequency. */
  weight: number;
  /** `scale` 1 keeps inputs small enough for the test; `npm run fuzz -- --scale 20` makes huge ones. */
  make(rng: Rng, corpus: string[], scale: number): FuzzInput;
}


const ROOT = resolve(__dirname, "../..");
const MAIN = "/ws/main.cx";

/** Every .cx text the generator mutates: the samples, the parser and format fixtures, the conformance cases. */
export function loadCorpus(root = ROOT): string[] {
  const dirs = [join(root, "samples"), join(root, "test/fixtures/parser"), join(root, "test/fixtures/format"), resolve(root, "../shared/conformance")];
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith(".cx")) out.push(readFileSync(p, "utf8"));
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** Pieces that token soups and mutations are made of: every token kind, the v2 words, edge cases. */
export const VOCABULARY: readonly string[] = [
  "{", "}", "(", ")", "[", "]", ":", ",", ".", ";", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%",
  "source", "touchpoint", "metric", "goal", "journey", "funnel", "cohort", "drivers", "import",
  "where", "and", "or", "not", "in", "is", "null", "true", "false",
  "from", "map", "derive", "columns", "steps", "scope", "compare", "within", "encoding", "value", "file", "by", "window", "trend",
  "count", "nps", "csat", "if", "lower", "minutes_between", "as_of", "conversion", "retention",
  "x", "s", "s.x", "a_b", "1", "0", "-1", "2.5", "1e3", "5%", "90 days", "30 minutes", "12 hours", "1.5 days", "12abc", "1.2.3",
  '"a"', '"Q1 - How likely?"', '"unterminated', "'single'", '"\\q"', '"\\u12"',
  "windows-1252", "utf-8", "iso-8859-1",
  "// c\n", "/* b */", "/* open", "\n", "\n\n", " ", "\t", "\r\n", "@", "#", "&&", "||", "!", "é", "\u00a0", "\ufeff", "\ufffd", "\u0000", "\ud800", "😀",
  "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype",
];

const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "__defineGetter__", "toLocaleString", "prototype"];

const ws = (main: string | Uint8Array, extra: Record<string, string | Uint8Array> = {}): Record<string, string | Uint8Array> => ({ [MAIN]: main, ...extra });

/** A few lines of data with the columns the templates use. */
const DATA = "x,y,at,customer,event\n1,a,2026-01-01,c1,view\n2,b,2026-02-01,c1,buy\n,c,2026-03-01T10:00:00Z,c2,view\n9,,2026-06-01,c3,buy\n";

/** Version 2 constructs to perturb (and to evaluate over DATA). */
const TEMPLATES: readonly string[] = [
  'source s {\n  file: "data/s.csv"\n  encoding: utf-8\n  timestamp: at\n  columns {\n    x: integer from "x" map { "one": 1, "none": null }\n    y: text\n    at: datetime\n    customer: text\n    event: text\n  }\n  derive {\n    z = x * 2\n    w: text = lower(y)\n    m = month(at)\n  }\n}\nmetric a { value: sum(s.z) + count(s where w == "a") by: m }\n',
  'source s { file: "data/s.csv" timestamp: at }\nfunnel f { source: s customer: customer steps { v: event == "view" b: event == "buy" } within: 30 minutes }\nmetric c { value: conversion(f) }\n',
  'source s { file: "data/s.csv" timestamp: at }\ncohort k { source: s customer: customer period: month periods: 3 }\nmetric r { value: retention(k, 1) }\n',
  'source s { file: "data/s.csv" }\ndrivers d { source: s outcome: x drivers { a: x b: x } where: y != "c" }\n',
  'source s { file: "data/s.csv" timestamp: at }\nmetric n { value: avg(s.x where x > 0) window: 90 days compare: previous by: y }\ngoal g { metric: n target: >= 1 scope: groups }\n',
];

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

function mutate(rng: Rng, text: string, edits: number): string {
  let t = text;
  for (let k = 0; k < edits; k++) {
    const at = rng.int(t.length + 1);
    switch (rng.int(4)) {
      case 0:
        t = insertAt(t, at, rng.pick(VOCABULARY));
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + 1 + rng.int(8));
        break;
      case 2: {
        // duplicate a slice somewhere else
        const from = rng.int(t.length + 1);
        const piece = t.slice(from, from + rng.int(40));
        t = insertAt(t, at, piece);
        break;
      }
      default:
        t = t.slice(0, at) + rng.pick(VOCABULARY) + t.slice(at + 1 + rng.int(4));
    }
  }
  return t;
}

/** Text that nests `depth` levels of one construct (around the limits and far beyond). */
function nested(rng: Rng, depth: number): string {
  switch (rng.int(8)) {
    case 0:
      return "(".repeat(depth) + "1" + ")".repeat(depth);
    case 1:
      return "f(".repeat(depth) + "x" + ")".repeat(depth);
    case 2:
      return "x in [".repeat(depth) + "1" + "]".repeat(depth);
    case 3:
      return "-".repeat(depth) + "1";
    case 4:
      return "not ".repeat(depth) + "x";
    case 5:
      return Array(depth + 1).fill(rng.pick(["count(s)", "1", "s.x", "(a)"])).join(rng.pick([" + ", " * ", " and ", " or ", " - "]));
    case 6:
      return "(".repeat(depth) + "1"; // never closed
    default:
      return "count(s where " + Array(depth + 1).fill("x == 1").join(" and ") + ")";
  }
}

const kinds: InputKind[] = [
  {
    name: "truncated",
    weight: 3,
    make: (rng, corpus) => {
      const base = rng.pick(corpus);
      return { kind: "truncated", files: ws(base.slice(0, rng.int(base.length + 1))), main: MAIN };
    },
  },
  {
    name: "mutated",
    weight: 6,
    make: (rng, corpus) => ({ kind: "mutated", files: ws(mutate(rng, rng.pick(corpus), 1 + rng.int(12))), main: MAIN }),
  },
  {
    name: "token-soup",
    weight: 3,
    make: (rng) => {
      const n = rng.int(600);
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(rng.pick(VOCABULARY), rng.chance(0.7) ? " " : "");
      return { kind: "token-soup", files: ws(parts.join("")), main: MAIN };
    },
  },
  {
    name: "deep",
    weight: 2,
    make: (rng, _corpus, scale) => {
      const depth = rng.pick([MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, MAX_EXPR_DEPTH - 1, MAX_EXPR_DEPTH, MAX_EXPR_DEPTH + 1, 1000, (1 + rng.int(2000)) * scale]);
      const where = rng.int(4);
      const e = nested(rng, depth);
      const text =
        where === 0
          ? `metric a { value: ${e} }\nmetric b { value: 1 }\n`
          : where === 1
            ? `source s { file: "data/s.csv" derive { d = ${e} } }\nmetric b { value: count(s) }\n`
            : where === 2
              ? `goal g { metric: m target: >= ${e} }\nfunnel f { steps { a: ${e} } }\n`
              : `metric a { ${"x { ".repeat(depth)}${"}".repeat(depth)} }\nmetric b { value: 1 }\n`;
      return { kind: "deep", files: ws(text, { "/ws/data/s.csv": DATA }), main: MAIN };
    },
  },
  {
    name: "huge-line",
    weight: 1,
    make: (rng, _corpus, scale) => {
      const size = (5_000 + rng.int(45_000)) * scale;
      const piece = rng.pick(["count(s) + ", "@", "x ", '"', "a", "1", "/*", "{", "(", "\ufffd", "😀", "__proto__: 1 "]);
      const body = piece.repeat(Math.ceil(size / piece.length));
      const text = rng.pick([`metric a { value: ${body} }`, `metric ${body} { value: 1 }`, `metric a { label: "${body}" }`, body]);
      return { kind: "huge-line", files: ws(text), main: MAIN };
    },
  },
  {
    name: "bytes",
    weight: 2,
    make: (rng, corpus) => {
      // random bytes, or a corpus file with bytes that are not UTF-8 (Latin-1 letters, truncated sequences)
      let bytes: Uint8Array;
      if (rng.chance(0.3)) {
        bytes = new Uint8Array(rng.int(2000));
        for (let k = 0; k < bytes.length; k++) bytes[k] = rng.int(256);
      } else {
        const base = Buffer.from(rng.pick(corpus), "utf8");
        const out: number[] = [...base];
        for (let k = 0; k < 1 + rng.int(5); k++) out.splice(rng.int(out.length + 1), 0, ...rng.pick([[0xfc], [0xe9], [0xff, 0xfe], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]));
        bytes = Uint8Array.from(out);
      }
      return { kind: "bytes", files: ws(bytes), main: MAIN };
    },
  },
  {
    name: "prototype-names",
    weight: 2,
    make: (rng, corpus) => {
      const base = rng.chance(0.5) ? rng.pick(corpus) : rng.pick(TEMPLATES);
      const text = base.replace(/\b[a-z_][a-z0-9_]*\b/g, (w) => (rng.chance(0.15) ? rng.pick(PROTO_NAMES) : w));
      const extra: Record<string, string> = rng.chance(0.3) ? { "/ws/cx.yaml": `${rng.pick(PROTO_NAMES)}: 1\nconnections:\n  ${rng.pick(PROTO_NAMES)}:\n    engine: postgres\n    ${rng.pick(PROTO_NAMES)}: x\n` } : {};
      return { kind: "prototype-names", files: ws(text, { "/ws/data/s.csv": DATA, ...extra }), main: MAIN, evaluate: rng.chance(0.3) };
    },
  },
  {
    name: "v2-templates",
    weight: 3,
    make: (rng) => ({ kind: "v2-templates", files: ws(mutate(rng, rng.pick(TEMPLATES), rng.int(4)), { "/ws/data/s.csv": DATA }), main: MAIN, evaluate: rng.chance(0.4) }),
  },
  {
    name: "imports",
    weight: 1,
    make: (rng) => {
      const target = rng.pick(["/etc/passwd", "../outside.cx", "a.cx", "b.txt", "link.cx", "/ws/a.cx", "", "\u0000", "a".repeat(5000)]);
      return {
        kind: "imports",
        files: ws(`import "${target}"\nimport "a.cx"\nmetric m { value: a }\n`, { "/ws/a.cx": 'import "main.cx"\nmetric a { value: 1 }\n', "/ws/b.txt": "secret: 1\n", "/outside.cx": "metric leak { value: 1 }\n" }),
        main: MAIN,
      };
    },
  },
];

/** The registered kinds (add yours with registerInputKind). */
export function inputKinds(): readonly InputKind[] {
  return kinds;
}

export function registerInputKind(kind: InputKind): void {
  kinds.push(kind);
}

/** Inputs from `seed`, forever (take as many as you need). */
export function* generateInputs(seed: number, corpus: string[] = loadCorpus(), scale = 1): Generator<FuzzInput> {
  const rng = new Rng(seed);
  for (;;) {
    const total = kinds.reduce((s, k) => s + k.weight, 0);
    let r = rng.next() * total;
    let kind = kinds[kinds.length - 1];
    for (const k of kinds) {
      if ((r -= k.weight) < 0) {
        kind = k;
        break;
      }
    }
    yield kind.make(rng, corpus, scale);
  }
}

export interface CheckResult {
  ms: number;
  formatted: boolean;
  diagnostics: number;
}

/** Runs one input through the pipeline; throws (with the kind in the message) on any failure. */
export async function checkInput(input: FuzzInput): Promise<CheckResult> {
  const t0 = performance.now();
  const raw = input.files[input.main];
  const source = typeof raw === "string" ? { text: raw } : decodeSource(raw);
  const fail = (what: string, e?: unknown): never => {
    throw new Error(`[${input.kind}] ${what}${e === undefined ? "" : `: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`}`);
  };
  let parsed;
  try {
    parsed = parse(source.text, input.main, { invalidUtf8At: source.invalidUtf8At });
  } catch (e) {
    fail("parse threw", e);
  }
  const n = parsed!.text.length;
  for (const d of parsed!.diagnostics) {
    const { start, end } = d.range;
    if (!(start.line >= 0 && start.character >= 0 && (end.line > start.line || (end.line === start.line && end.character >= start.character)))) fail(`bad range ${JSON.stringify(d.range)}`);
  }
  const checkSpan = (s: { start: number; end: number }) => {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= n)) fail(`span ${JSON.stringify(s)} outside the text (${n})`);
  };
  for (const item of parsed!.ast.items) checkSpan(item.span);
  let formatted = false;
  try {
    const f = format(source.text, { invalidUtf8At: source.invalidUtf8At });
    if (f.ok) {
      formatted = true;
      if (source.invalidUtf8At !== undefined) fail("formatted a file that is not valid UTF-8");
      const again = format(f.text);
      if (!again.ok) fail(`formatted text does not format: ${again.reason}`);
      if (again.ok && again.text !== f.text) fail("format is not idempotent");
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`[${input.kind}]`)) throw e;
    fail("format threw", e);
  }
  try {
    const host = new MemoryHost(input.files);
    const cache = new DataCache(host);
    const config = input.files["/ws/cx.yaml"] !== undefined ? "/ws/cx.yaml" : undefined;
    const r = await run({ mode: input.evaluate ? "eval" : "check", root: "/ws", inputs: [input.main], host, cache, configFile: config, today: "2026-06-30", asOf: "2026-06-30", relativeTo: "/ws" });
    for (const f of r.analysis.model.workspace.files) if (!f.path.startsWith("/ws/") || !f.path.endsWith(".cx")) fail(`read ${f.path}, which is not a .cx file of the workspace`);
    if (JSON.stringify(r.report).includes("secret")) fail("the text of a file that is not a .cx file of the workspace is quoted");
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`[${input.kind}]`)) throw e;
    fail("analyze/evaluate threw", e);
  }
  return { ms: performance.now() - t0, formatted, diagnostics: parsed!.diagnostics.length };
}
