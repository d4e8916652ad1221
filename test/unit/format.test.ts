// Formatter tests.
//
// Data-driven: test/fixtures/format/NAME.input.cx must format to NAME.expected.cx (run with
// UPDATE_SNAPSHOTS=1 to rewrite the expected files after an intended style change). Every
// fixture, every clean parser fixture and every .cx file of the conformance suite is also checked
// for idempotence (format(format(x)) === format(x)) and meaning preservation (parse(format(x))
// has the same AST as parse(x), apart from spans, comment placement and a duration's spacing).
import { listCx } from "../support/files";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { format, LINE_WIDTH } from "../../server/src/core/format/formatter";
import { parse } from "../../server/src/core/syntax";
import type { CxFile } from "../../server/src/core/syntax/ast";

const FORMAT = join(__dirname, "../fixtures/format");
const PARSER = join(__dirname, "../fixtures/parser");
const CONFORMANCE = "/work/shared/conformance"; // cases and cases-v2
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";


/** The AST without positions: what formatting must not change. */
function normalize(ast: CxFile): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== "object" || v === null) return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "span" || k.endsWith("Span")) continue; // span, keywordSpan, opSpan, whereSpan, fromSpan, eqSpan
      if (k === "raw" && (v as { kind?: string }).kind === "Duration") continue; // `90days` → `90 days`
      if (x === undefined) continue;
      o[k] = strip(x);
    }
    return o;
  };
  // imports are hoisted above declarations; comments may move, but none is lost or changed
  const items = [...ast.items.filter((i) => i.kind === "Import"), ...ast.items.filter((i) => i.kind !== "Import")];
  const comments = ast.comments.map((c) => `${c.block ? "block" : "line"}:${c.text}`).sort();
  return { items: strip(items), comments };
}

function expectStable(name: string, text: string): void {
  const once = format(text);
  if (!once.ok) throw new Error(`${name}: ${once.reason}`);
  const twice = format(once.text);
  if (!twice.ok) throw new Error(`${name}: formatted output does not parse: ${twice.reason}\n${once.text}`);
  expect(twice.text, `${name} is not idempotent`).toBe(once.text);
  expect(normalize(parse(once.text, "/f.cx").ast), `${name}: formatting changed the AST`).toEqual(normalize(parse(text, "/f.cx").ast));
}

const inputs = readdirSync(FORMAT)
  .filter((f) => f.endsWith(".input.cx"))
  .sort();

describe("format fixtures", () => {
  it("has fixtures", () => expect(inputs.length).toBeGreaterThanOrEqual(5));
  for (const input of inputs) {
    it(input.replace(".input.cx", ""), () => {
      const src = readFileSync(join(FORMAT, input), "utf8");
      const r = format(src);
      if (!r.ok) throw new Error(r.reason);
      const expectedPath = join(FORMAT, input.replace(".input.cx", ".expected.cx"));
      if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, r.text);
      expect(r.text).toBe(readFileSync(expectedPath, "utf8"));
      expectStable(input, src);
      expectStable(`${input} (expected)`, r.text);
      expect(format(r.text)).toEqual({ ok: true, text: r.text });
    });
  }
});

describe("idempotence and meaning preservation", () => {
  const clean = readdirSync(PARSER)
    .filter((f) => f.endsWith(".cx"))
    .map((f) => join(PARSER, f))
    .filter((p) => parse(readFileSync(p, "utf8"), p).diagnostics.length === 0);
  it("covers the clean parser fixtures", () => expect(clean.length).toBeGreaterThan(3));
  for (const p of clean) it(`parser fixture ${p.split("/").pop()}`, () => expectStable(p, readFileSync(p, "utf8")));

  const conformance = listCx(CONFORMANCE);
  it.skipIf(conformance.length === 0)("every conformance .cx file", () => {
    for (const p of conformance) {
      const text = readFileSync(p, "utf8");
      if (parse(text, p).diagnostics.length > 0) {
        expect(format(text).ok).toBe(false);
        continue;
      }
      expectStable(p, text);
    }
  });
});

describe("format details", () => {
  it("refuses files with syntax errors and says where", () => {
    const r = format("metric a {\n  value: count(s\n}\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/line 2, column 17: Expected '\)' to close the call to 'count'/);
    expect(format('metric a { label: "x }').ok).toBe(false);
    expect(format("metric a { value: 1 @ }").ok).toBe(false);
  });

  it("writes LF line endings, no BOM, one final newline", () => {
    const r = format('\uFEFF// c\r\nmetric a { value: 1 }\r\n\r\n\r\n');
    expect(r).toEqual({ ok: true, text: "// c\nmetric a {\n  value: 1\n}\n" });
  });

  it("formats an empty or comment-only file", () => {
    expect(format("")).toEqual({ ok: true, text: "" });
    expect(format("\n\n  \n")).toEqual({ ok: true, text: "" });
    expect(format("// only\n\n\n/* this */\n")).toEqual({ ok: true, text: "// only\n\n/* this */\n" });
  });

  it("keeps doc comments attached and does not create new ones", () => {
    const src = "metric a { value: 1 }\n// doc of b\nmetric b { value: 2 }\n// not doc\n\nmetric c { value: 3 } /* x */ // y\nmetric d { value: 4 }\n";
    const r = format(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const before = parse(src, "/a.cx").ast.items.map((i) => (i.kind === "Declaration" ? i.doc : undefined));
    const after = parse(r.text, "/a.cx").ast.items.map((i) => (i.kind === "Declaration" ? i.doc : undefined));
    expect(after).toEqual(before);
    expect(after).toEqual([undefined, "doc of b", undefined, undefined]);
  });

  it(`writes a map on the column's line up to ${LINE_WIDTH} characters, one entry per line beyond`, () => {
    const column = (labels: number) => `    c: integer map { ${Array.from({ length: labels }, (_, i) => `"L${i}": ${i}`).join(", ")} }`;
    // find the largest map that fits on one line
    let n = 1;
    while (column(n + 1).length <= LINE_WIDTH) n++;
    const src = (k: number) => `source s {\n  columns {\n${column(k)}\n  }\n}\n`;
    const fits = format(src(n));
    expect(fits).toEqual({ ok: true, text: src(n) });
    const wraps = format(src(n + 1));
    if (!wraps.ok) throw new Error(wraps.reason);
    const lines = wraps.text.split("\n");
    expect(lines[2]).toBe("    c: integer map {");
    expect(lines.slice(3, 3 + n + 1)).toEqual(Array.from({ length: n + 1 }, (_, i) => `      "L${i}": ${i}${i < n ? "," : ""}`));
    expect(lines[3 + n + 1]).toBe("    }");
    expectStable("wrapped map", wraps.text);
  });

  it("keeps every comment inside columns, maps, derive, steps and drivers blocks", () => {
    const src = [
      "source s { // h",
      "  columns { /* c0 */ a: integer map { /* m0 */ \"x\": 1 /* m1 */, \"y\": 2 // m2",
      "  } // m3",
      "  } // c1",
      "  derive { // d0",
      "    b = a + 1 /* d1 */ // d2",
      "  }",
      "}",
      "funnel f { steps { /* s0 */ a: x == 1 // s1",
      "} }",
      "drivers d { drivers { x: y /* r0 */ } /* r1 */ }",
      "",
    ].join("\n");
    const r = format(src);
    if (!r.ok) throw new Error(r.reason);
    for (const c of ["// h", "/* c0 */", "/* m0 */", "/* m1 */", "// m2", "// m3", "// c1", "// d0", "/* d1 */", "// d2", "/* s0 */", "// s1", "/* r0 */", "/* r1 */"]) {
      expect(r.text, c).toContain(c);
    }
    expectStable("comments in v2 blocks", src);
  });

  it("refuses a file that was not valid UTF-8", () => {
    const r = format("// M\uFFFDnchen\nmetric a { value: 1 }\n", { invalidUtf8At: 4 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not valid UTF-8/);
  });

  it("never throws, and whatever it formats stays stable (mutated inputs)", () => {
    const corpus = [...inputs.map((f) => join(FORMAT, f)), ...listCx(CONFORMANCE)].map((p) => readFileSync(p, "utf8"));
    let seed = 4242;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ["\n", "\n\n", " ", "// c\n", "/* b */", ";", ",", "(", ")", "x", " // t", "\n// d\n"];
    let formatted = 0;
    for (let i = 0; i < 400; i++) {
      let text = corpus[rnd(corpus.length)];
      for (let k = 0; k < 1 + rnd(5); k++) {
        const at = rnd(text.length + 1);
        text = rnd(2) ? text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + rnd(3));
      }
      let r;
      try {
        r = format(text);
      } catch (e) {
        throw new Error(`format threw: ${String(e)}\n${JSON.stringify(text)}`);
      }
      if (r.ok) {
        formatted++;
        expectStable(`mutation ${i}: ${JSON.stringify(text)}`, text);
      }
    }
    expect(formatted).toBeGreaterThan(50);
  });
});
