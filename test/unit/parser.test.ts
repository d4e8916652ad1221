// Lexer and parser tests.
//
// Data-driven: every test/fixtures/parser/NAME.cx is parsed and
// - its AST dump (dumpAst: s-expressions, spans as line:col, 1-based) is compared with NAME.ast;
//   run with UPDATE_SNAPSHOTS=1 to rewrite the .ast files after an intended change;
// - its syntax diagnostics are compared with its caret annotations (test/support/annotations.ts):
//   a fixture without annotations must parse without any diagnostic.
import { listCx } from "../support/files";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, tokenize, dumpAst } from "../../server/src/core/syntax";
import type { ColumnDecl, CxFile, Declaration, DeriveBlock, Expr, Node } from "../../server/src/core/syntax/ast";
import { exprDepthExceeds, forEachChildExpr, isExpr, MAX_EXPR_DEPTH, MAX_NESTING } from "../../server/src/core/syntax/ast";
import { MAX_SYNTAX_DIAGNOSTICS } from "../../server/src/core/syntax/index";
import { annotationKeys, diagnosticKeys, renderAnnotations } from "../support/annotations";

const FIXTURES = join(__dirname, "../fixtures/parser");
const CONFORMANCE = "/work/shared/conformance"; // cases and cases-v2
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".cx"))
  .sort();


describe("parser fixtures", () => {
  it("has fixtures", () => {
    expect(fixtureNames.length).toBeGreaterThan(10);
  });

  for (const name of fixtureNames) {
    it(name, () => {
      const path = join(FIXTURES, name);
      const text = readFileSync(path, "utf8");
      const r = parse(text, path);

      const dump = dumpAst(r.ast, r.lines);
      const snap = path.replace(/\.cx$/, ".ast");
      if (UPDATE || !existsSync(snap)) writeFileSync(snap, dump);
      expect(dump, `AST of ${name} (UPDATE_SNAPSHOTS=1 to rewrite)`).toBe(readFileSync(snap, "utf8"));

      const actual = diagnosticKeys(r.diagnostics);
      const expected = annotationKeys(text);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        // show the whole file annotated with the actual diagnostics, to paste into the fixture
        expect(renderAnnotations(text, r.diagnostics)).toBe(text);
      }
      expect(actual).toEqual(expected);
      for (const d of r.diagnostics) expect(d.file).toBe(path);
    });
  }
});

// ---------------------------------------------------------------------------

function walk(node: unknown, f: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, f);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Record<string, unknown>;
  if (typeof n.kind === "string" && typeof n.span === "object") f(n as unknown as Node);
  for (const [k, v] of Object.entries(n)) if (k !== "span" && typeof v === "object") walk(v, f);
}

/** Every node has a span inside the text (plain checks: `expect` is too slow for the fuzz loop). */
function checkInvariants(text: string, ast: CxFile): void {
  walk(ast, (n) => {
    const s = n.span;
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
      throw new Error(`bad span on ${n.kind}: ${JSON.stringify(s)} (text length ${text.length})`);
    }
  });
  for (const c of ast.comments) if (c.span.end > text.length) throw new Error("comment outside the text");
}

function decl(ast: CxFile, name: string): Declaration {
  const d = ast.items.find((i): i is Declaration => i.kind === "Declaration" && i.name?.name === name);
  if (!d) throw new Error(`no declaration ${name}`);
  return d;
}

function valueOf(ast: CxFile, declName: string, key: string) {
  return decl(ast, declName).body?.properties.find((p) => p.key.name === key)?.value;
}

function exprOf(text: string): Expr {
  const r = parse(`metric m { value: ${text} }`, "/t.cx");
  expect(r.diagnostics).toEqual([]);
  const v = valueOf(r.ast, "m", "value");
  if (!isExpr(v)) throw new Error("not an expression");
  return v;
}

/** Fully parenthesised form, to check precedence and associativity. */
function sexpr(e: Expr): string {
  switch (e.kind) {
    case "Binary":
      return `(${sexpr(e.left)} ${e.op} ${sexpr(e.right)})`;
    case "Unary":
      return `(${e.op} ${sexpr(e.operand)})`;
    case "Paren":
      return `[${sexpr(e.expr)}]`;
    case "In":
      return `(${sexpr(e.operand)} ${e.negated ? "not in" : "in"} ${e.items.map(sexpr).join(",")})`;
    case "IsNull":
      return `(${sexpr(e.operand)} is ${e.negated ? "not " : ""}null)`;
    case "Ref":
      return e.member ? `${e.head.name}.${e.member.name}` : e.head.name;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? a.name.name + ": " : "") + sexpr(a.value) + (a.where ? " where " + sexpr(a.where) : "")).join(", ")})`;
    case "Number":
    case "Percent":
    case "String":
      return e.raw;
    case "Boolean":
      return String(e.value);
    case "Null":
      return "null";
    case "Missing":
      return "?";
  }
}

describe("expressions", () => {
  it.each([
    ["a or b and c", "(a or (b and c))"],
    ["a and b or c", "((a and b) or c)"],
    ["not a and b", "((not a) and b)"],
    ["not a == b", "(not (a == b))"],
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b / c", "((a / b) / c)"],
    ["-a * b", "((- a) * b)"],
    ["- -a", "(- (- a))"],
    ["a + b == c * d", "((a + b) == (c * d))"],
    ["x in [1, 2] or y not in [\"a\"]", "((x in 1,2) or (y not in \"a\"))"],
    ["x + 1 is not null and y is null", "(((x + 1) is not null) and (y is null))"],
    ["(a + b) * c", "([(a + b)] * c)"],
    ["count(s where a > 1 and b < 2)", "count(s where ((a > 1) and (b < 2)))"],
    ["csat(s.x, scale: 7)", "csat(s.x, scale: 7)"],
    ["f()", "f()"],
    ["a <= b", "(a <= b)"],
    ["a != b", "(a != b)"],
    ["a >= -1", "(a >= (- 1))"],
  ])("%s", (src, expected) => {
    expect(sexpr(exprOf(src))).toBe(expected);
  });

  it("literals", () => {
    const lit = (s: string) => exprOf(s) as Extract<Expr, { value: unknown }>;
    expect(lit("42")).toMatchObject({ kind: "Number", value: 42, raw: "42" });
    expect(lit("2.5e-2")).toMatchObject({ kind: "Number", value: 0.025 });
    expect(lit("1e3")).toMatchObject({ kind: "Number", value: 1000 });
    expect(lit("5%")).toMatchObject({ kind: "Percent", value: 0.05, raw: "5%" });
    expect(lit("12.5%")).toMatchObject({ kind: "Percent", value: 0.125 });
    expect(lit('"a\\"b\\\\c\\nd\\te\\u00e9"')).toMatchObject({ kind: "String", value: 'a"b\\c\nd\te\u00e9' });
    expect(lit("true")).toMatchObject({ kind: "Boolean", value: true });
    expect(lit("false")).toMatchObject({ kind: "Boolean", value: false });
    expect(exprOf("null").kind).toBe("Null");
  });

  it("keeps spans on every node", () => {
    const text = "metric m { value: round(count(s where x in [1, 2]) / 3, 1) }";
    const r = parse(text, "/t.cx");
    const v = valueOf(r.ast, "m", "value") as Expr;
    expect(text.slice(v.span.start, v.span.end)).toBe("round(count(s where x in [1, 2]) / 3, 1)");
    const seen: string[] = [];
    const visit = (e: Expr) => {
      seen.push(text.slice(e.span.start, e.span.end));
      forEachChildExpr(e, visit);
    };
    visit(v);
    expect(seen).toContain("count(s where x in [1, 2])");
    expect(seen).toContain("x in [1, 2]");
    expect(seen).toContain("2");
  });
});

describe("property values", () => {
  const src = `metric m {
  window: 90 days
  target: >= 40
  warn: > -10
  by: [a, b]
  unit: currency "EUR"
  columns { a: text }
}`;
  const r = parse(src, "/t.cx");
  it("parses without errors", () => expect(r.diagnostics).toEqual([]));
  it("duration", () => expect(valueOf(r.ast, "m", "window")).toMatchObject({ kind: "Duration", amount: 90, unit: "day", raw: "90 days" }));
  it("thresholds", () => {
    expect(valueOf(r.ast, "m", "target")).toMatchObject({ kind: "Threshold", op: ">=", value: { kind: "Number", value: 40 } });
    expect(valueOf(r.ast, "m", "warn")).toMatchObject({ kind: "Threshold", op: ">", value: { kind: "Unary", op: "-" } });
  });
  it("list", () => expect(valueOf(r.ast, "m", "by")).toMatchObject({ kind: "List", items: [{ kind: "Ref" }, { kind: "Ref" }] }));
  it("tag", () => {
    const p = decl(r.ast, "m").body!.properties.find((x) => x.key.name === "unit")!;
    expect(p.value).toMatchObject({ kind: "Ref", head: { name: "currency" } });
    expect(p.tag).toMatchObject({ kind: "String", value: "EUR" });
  });
  it("nested block", () => expect(valueOf(r.ast, "m", "columns")).toMatchObject({ kind: "Block", properties: [{ key: { name: "a" } }] }));
  it.each([
    ["1 day", 1, "day"],
    ["2 weeks", 2, "week"],
    ["1 month", 1, "month"],
    ["3 years", 3, "year"],
    ["30days", 30, "day"],
    ["30 minutes", 30, "minute"],
    ["1 minute", 1, "minute"],
    ["12 hours", 12, "hour"],
    ["1 hour", 1, "hour"],
  ])("duration %s", (s, amount, unit) => {
    const x = parse(`metric m { window: ${s} }`, "/t.cx");
    expect(x.diagnostics).toEqual([]);
    expect(valueOf(x.ast, "m", "window")).toMatchObject({ kind: "Duration", amount, unit });
  });
});

describe("version 2 syntax", () => {
  const col = (text: string, name: string): ColumnDecl => {
    const r = parse(`source s { columns { ${text} } }`, "/t.cx");
    expect(r.diagnostics).toEqual([]);
    const cols = valueOf(r.ast, "s", "columns");
    if (cols?.kind !== "Block") throw new Error("no columns block");
    const v = cols.properties.find((p) => p.key.name === name)?.value;
    if (v?.kind !== "ColumnDecl") throw new Error(`column ${name} is ${v?.kind}`);
    return v;
  };

  it("every property of a columns block is a ColumnDecl", () => {
    const plain = col("a: text", "a");
    expect(plain.type?.name).toBe("text");
    expect(plain.from).toBeUndefined();
    expect(plain.map).toBeUndefined();
    expect(col('a: integer from "Q1 - x"', "a")).toMatchObject({ type: { name: "integer" }, from: { value: "Q1 - x" } });
    const m = col('a: integer from "Q" map { "A": 1, "B": -1; "C": 50%\n "D": null "E": true "F": "x" }', "a").map!;
    expect(m.entries.map((e) => [e.label.value, e.value.kind])).toEqual([
      ["A", "Number"],
      ["B", "Unary"],
      ["C", "Percent"],
      ["D", "Null"],
      ["E", "Boolean"],
      ["F", "String"],
    ]);
    expect(col('a: integer map { "x": 1 }', "a")).toMatchObject({ type: { name: "integer" }, map: { entries: [{ label: { value: "x" } }] } });
    // `from` and `map` are contextual: columns may be called so
    expect(col("from: text map: text", "from")).toMatchObject({ type: { name: "text" } });
    expect(col("from: text map: text", "map")).toMatchObject({ type: { name: "text" } });
  });

  it("columns elsewhere than in a declaration body stay ordinary blocks", () => {
    const r = parse("metric m { steps { columns { a: x == 1 } } }", "/t.cx");
    expect(r.diagnostics).toEqual([]);
    const steps = valueOf(r.ast, "m", "steps");
    expect(steps).toMatchObject({ kind: "Block", properties: [{ value: { kind: "Block", properties: [{ value: { kind: "Binary" } }] } }] });
  });

  it("derive blocks: name = expr, name: type = expr; `==` keeps comparing", () => {
    const r = parse("source s { derive { a = b == c\n d: number = e * 2; f = g = h } }", "/t.cx");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CX1003"]); // the `=` in `g = h`
    const d = valueOf(r.ast, "s", "derive") as DeriveBlock;
    expect(d.kind).toBe("DeriveBlock");
    expect(d.entries.map((e) => [e.name.name, e.type?.name, e.expr.kind, e.eqSpan !== undefined])).toEqual([
      ["a", undefined, "Binary", true],
      ["d", "number", "Binary", true],
      ["f", undefined, "Binary", true],
    ]);
    expect(d.entries[0].expr).toMatchObject({ op: "==" });
    expect(d.entries[2].expr).toMatchObject({ op: "==" }); // `g = h` is read as `g == h`, and reported
  });

  it("`derive {` is a derive block only in a declaration body", () => {
    const r = parse("metric m { steps { derive { a: x } } }", "/t.cx");
    expect(r.diagnostics).toEqual([]);
    expect(valueOf(r.ast, "m", "steps")).toMatchObject({ kind: "Block", properties: [{ key: { name: "derive" }, value: { kind: "Block" } }] });
  });

  it("`where:` is a property key; `where` stays reserved everywhere else", () => {
    const r = parse('drivers d { outcome: x\n where: region == "EU" and y > 1 window: 90 days }', "/t.cx");
    expect(r.diagnostics).toEqual([]);
    expect(decl(r.ast, "d").body!.properties.map((p) => p.key.name)).toEqual(["outcome", "where", "window"]);
    expect(valueOf(r.ast, "d", "where")).toMatchObject({ kind: "Binary", op: "and" });
    expect(parse("metric m { where = 1 }", "/t.cx").diagnostics.map((d) => d.message)).toEqual(["'where' is a reserved word and cannot be a property name."]);
  });

  it.each([
    ["windows-1252", "Word"],
    ["utf-8", "Word"],
    ["iso-8859-1", "Word"],
    ["utf-16le", "Word"],
    ["cp1252", "Ref"],
    ["LATIN1", "Ref"],
    ['"utf-8"', "String"],
    ["windows - 1252", "Binary"],
  ])("encoding: %s is a %s", (text, kind) => {
    const r = parse(`source s { encoding: ${text} }`, "/t.cx");
    expect(r.diagnostics).toEqual([]);
    const v = valueOf(r.ast, "s", "encoding");
    expect(v?.kind).toBe(kind);
    if (v?.kind === "Word") expect(v.text).toBe(text);
  });

  it("dashed words only for encoding: elsewhere `a-b` is a subtraction", () => {
    expect(valueOf(parse("metric m { value: a-b }", "/t.cx").ast, "m", "value")).toMatchObject({ kind: "Binary", op: "-" });
    expect(parse("metric m { value: utf-16le }", "/t.cx").diagnostics.map((d) => d.code)).toEqual(["CX1003"]); // a malformed number there
  });

  it("funnel, cohort and drivers are declaration kinds only where a declaration starts", () => {
    const r = parse("drivers d { drivers { funnel: x cohort: y } }\nfunnel f { steps { drivers: a == 1 } }\ncohort c { period: month }", "/t.cx");
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.items.map((i) => (i.kind === "Declaration" ? `${i.declKind} ${i.name?.name}` : ""))).toEqual(["drivers d", "funnel f", "cohort c"]);
    expect(valueOf(r.ast, "d", "drivers")).toMatchObject({ kind: "Block", properties: [{ key: { name: "funnel" } }, { key: { name: "cohort" } }] });
  });

  it("a missing '}' before `funnel NAME {` ends the block", () => {
    const r = parse("metric a {\n  value: 1\nfunnel f {\n  source: e\n}\n", "/t.cx");
    expect(r.ast.items.map((i) => (i as Declaration).name?.name)).toEqual(["a", "f"]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["Expected '}' to close metric 'a' but found 'funnel'."]);
  });

  it("tokenize: `=` is an operator, `from`/`map` identifiers, minutes a duration", () => {
    expect(tokenize('a = b == c from "x" map { } 30 minutes').map((t) => `${t.kind}:${t.type}`)).toEqual([
      "identifier:Identifier",
      "operator:Eq",
      "identifier:Identifier",
      "operator:EqEq",
      "identifier:Identifier",
      "identifier:Identifier",
      "string:String",
      "identifier:Identifier",
      "punctuation:LBrace",
      "punctuation:RBrace",
      "duration:Duration",
    ]);
  });
});

describe("limits (hostile input)", () => {
  const value = (text: string) => {
    const r = parse(`metric a { value: ${text} }\nmetric b { value: 2 }`, "/t.cx");
    return { r, v: valueOf(r.ast, "a", "value"), b: valueOf(r.ast, "b", "value") };
  };
  const tooDeep = /^Expression too deep/;

  it(`an expression ${MAX_EXPR_DEPTH} levels deep is fine; one level more is reported once and replaced`, () => {
    const ok = value(Array(MAX_EXPR_DEPTH).fill("1").join(" + "));
    expect(ok.r.diagnostics).toEqual([]);
    expect(ok.v?.kind).toBe("Binary");
    const deep = value(Array(MAX_EXPR_DEPTH + 1).fill("1").join(" + "));
    expect(deep.r.diagnostics.map((d) => [d.code, d.message.match(tooDeep) !== null])).toEqual([["CX1001", true]]);
    expect(deep.v).toMatchObject({ kind: "Missing" });
    expect(deep.b).toMatchObject({ kind: "Number", value: 2 });
  });

  it(`${MAX_NESTING} nested parentheses are fine; more are skipped and reported once`, () => {
    const ok = value("(".repeat(MAX_NESTING) + "1" + ")".repeat(MAX_NESTING));
    expect(ok.r.diagnostics).toEqual([]);
    const deep = value("(".repeat(MAX_NESTING + 1) + "1" + ")".repeat(MAX_NESTING + 1));
    expect(deep.r.diagnostics.map((d) => d.message.match(tooDeep) !== null)).toEqual([true]);
    expect(deep.v).toMatchObject({ kind: "Missing" });
    expect(deep.b).toMatchObject({ kind: "Number", value: 2 });
  });

  it.each([
    ["a flat sum of 100,000 terms", () => Array(100_000).fill("count(s)").join(" + ")],
    ["a where with 50,000 ands", () => "count(s where " + Array(50_000).fill("x == 1").join(" and ") + ")"],
    ["10,000 nested parentheses", () => "(".repeat(10_000) + "1" + ")".repeat(10_000)],
    ["10,000 unclosed parentheses", () => "(".repeat(10_000) + "1"],
    ["10,000 nested calls", () => "f(".repeat(10_000) + "1" + ")".repeat(10_000)],
    ["10,000 nested lists", () => "x in [".repeat(10_000) + "1" + "]".repeat(10_000)],
    ["100,000 unary minuses", () => "-".repeat(100_000) + "1"],
    ["100,000 nots", () => "not ".repeat(100_000) + "x"],
  ])("%s: one diagnostic, a Missing node, the next declaration intact", (_name, make) => {
    const { r, v, b } = value(make());
    expect(r.diagnostics.filter((d) => tooDeep.test(d.message))).toHaveLength(1);
    expect(v).toMatchObject({ kind: "Missing" });
    expect(b).toMatchObject({ kind: "Number", value: 2 });
  });

  it("deeply nested blocks are skipped and reported once", () => {
    const r = parse("metric a { " + "x { ".repeat(10_000) + "}".repeat(10_000) + " }\nmetric b { value: 2 }", "/t.cx");
    expect(r.diagnostics.map((d) => d.message)).toEqual([`Blocks nested too deeply: more than ${MAX_NESTING} levels of '{'.`]);
    expect(valueOf(r.ast, "b", "value")).toMatchObject({ kind: "Number", value: 2 });
  });

  it("every expression of every parse is within the depth limit", () => {
    const texts = [Array(300).fill("1").join(" * "), "(".repeat(70) + "1" + ")".repeat(70), "f(" + Array(300).fill("a").join(" or ") + ")"];
    for (const t of texts) {
      const r = parse(`metric a { value: ${t} target: >= ${t} by: [${t}] }`, "/t.cx");
      walk(r.ast, (n) => {
        if (n.kind !== "Binary" && n.kind !== "Call" && n.kind !== "Paren" && n.kind !== "Unary") return;
        expect(exprDepthExceeds(n, MAX_EXPR_DEPTH)).toBe(false);
      });
    }
  });

  it(`at most ${MAX_SYNTAX_DIAGNOSTICS} syntax diagnostics, then one that says so`, () => {
    const r = parse("metric a { value: " + "@ ".repeat(100_000) + "}", "/t.cx");
    expect(r.diagnostics).toHaveLength(MAX_SYNTAX_DIAGNOSTICS + 1);
    expect(r.diagnostics[MAX_SYNTAX_DIAGNOSTICS].message).toMatch(/^Too many syntax errors/);
  });

  it("names of megabytes and Object.prototype names are ordinary", () => {
    const huge = "a".repeat(1_000_000);
    const r = parse(`metrc ${huge} { value: 1 }\nmetric __proto__ { constructor: toString(x, hasOwnProperty: 5) valueOf: ces((, __proto__: 1) }`, "/t.cx");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CX1001", "CX1001"]);
    expect(r.diagnostics[0].message.length).toBeLessThan(200);
    expect(decl(r.ast, "__proto__").body!.properties.map((p) => p.key.name)).toEqual(["constructor", "valueOf"]);
  });

  it("invalid UTF-8 (parse option) is one CX1003 with data.invalidUtf8, even with a BOM", () => {
    const r = parse("\uFEFF// M\uFFFDnchen\nmetric a { value: 1 }", "/t.cx", { invalidUtf8At: 5 });
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.data])).toEqual([["CX1003", 0, 4, { invalidUtf8: true }]]);
  });
});

describe("lexical details", () => {
  it("ignores a leading BOM; spans index the text without it", () => {
    const r = parse("\uFEFFmetric m { value: 1 }", "/t.cx");
    expect(r.text.startsWith("metric")).toBe(true);
    expect(r.diagnostics).toEqual([]);
    expect(decl(r.ast, "m").keywordSpan).toEqual({ start: 0, end: 6 });
  });

  it("handles CRLF line endings", () => {
    const r = parse('// doc\r\nmetric m {\r\n  label: "x"\r\n  value: count(s\r\n}\r\n', "/t.cx");
    expect(decl(r.ast, "m").doc).toBe("doc");
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([["CX1001", 3, 16]]);
  });

  it("doc comments", () => {
    const r = parse("// one\n//two\n//  three\nmetric a { value: 1 }\n\n// x\n\nmetric b { value: 2 }\nmetric c { value: 3 } // not a doc\nmetric d { value: 4 }\n/* block */\nmetric e { value: 5 }", "/t.cx");
    expect(decl(r.ast, "a").doc).toBe("one\ntwo\n three");
    expect(decl(r.ast, "b").doc).toBeUndefined();
    expect(decl(r.ast, "d").doc).toBeUndefined();
    expect(decl(r.ast, "e").doc).toBeUndefined();
    expect(r.ast.comments.map((c) => [c.text, c.block])).toEqual([
      [" one", false],
      ["two", false],
      ["  three", false],
      [" x", false],
      [" not a doc", false],
      [" block ", true],
    ]);
  });

  it("declaration kinds are names outside declaration starts", () => {
    const r = parse('metric source { touchpoint: metric value: count(goal where journey == "x") }', "/t.cx");
    expect(r.diagnostics).toEqual([]);
    expect(valueOf(r.ast, "source", "touchpoint")).toMatchObject({ kind: "Ref", head: { name: "metric" } });
  });

  it("tokenize", () => {
    const toks = tokenize('\uFEFFmetric m { value: 5% + "s" } // c');
    expect(toks.map((t) => `${t.kind}:${t.text}`)).toEqual([
      "identifier:metric",
      "identifier:m",
      "punctuation:{",
      "identifier:value",
      "punctuation::",
      "percent:5%",
      "operator:+",
      'string:"s"',
      "punctuation:}",
      "comment:// c",
    ]);
    expect(toks[0].span).toEqual({ start: 0, end: 6 });
    expect(tokenize("where and x").map((t) => t.kind)).toEqual(["keyword", "keyword", "identifier"]);
    expect(tokenize("window: 90 days").map((t) => t.kind)).toEqual(["identifier", "punctuation", "duration"]);
  });

  it("tokenize keeps the last text's tokens (completion and semantic tokens share one lexing)", () => {
    const text = "metric m { value: count(s) }";
    const first = tokenize(text);
    expect(tokenize(text)).toBe(first);
    expect(tokenize(text.slice(0, 10) + text.slice(10))).toBe(first); // equal text, another string
    const edited = tokenize(text.replace("count", "sum"));
    expect(edited).not.toBe(first);
    expect(edited.map((t) => t.text)).toContain("sum");
    expect(tokenize(text)).not.toBe(edited);
    expect(tokenize(text).map((t) => t.text)).toContain("count");
  });

  it("unterminated string ends at the end of its line", () => {
    const r = parse('metric m {\n  label: "abc\n  value: 1\n}', "/t.cx");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CX1002"]);
    const label = valueOf(r.ast, "m", "label");
    expect(label).toMatchObject({ kind: "String", value: "abc", raw: '"abc', unterminated: true });
    expect(valueOf(r.ast, "m", "value")).toMatchObject({ kind: "Number", value: 1 });
  });
});

describe("recovery", () => {
  it("the conformance case diag-syntax: later declarations survive", () => {
    const text = readFileSync(join(FIXTURES, "recover-missing-paren.cx"), "utf8");
    const r = parse(text, "/t.cx");
    const codes = r.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`);
    expect(codes).toContain("CX1002@8");
    expect(codes.some((c) => c.startsWith("CX1001"))).toBe(true);
    expect(valueOf(r.ast, "a", "value")).toMatchObject({ kind: "Call", callee: { name: "count" }, args: [{ value: { kind: "Ref" } }] });
    expect(decl(r.ast, "b").declKind).toBe("metric");
    expect(valueOf(r.ast, "g", "metric")).toMatchObject({ kind: "Ref", head: { name: "b" } });
    expect(valueOf(r.ast, "h", "metric")).toMatchObject({ kind: "Ref", head: { name: "nope" } });
  });

  it("a missing '}' does not swallow the next declaration", () => {
    const r = parse("metric a {\n  value: 1\n\nmetric b {\n  value: 2\n}\n", "/t.cx");
    expect(r.ast.items.map((i) => (i as Declaration).name?.name)).toEqual(["a", "b"]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].message).toBe("Expected '}' to close metric 'a' but found 'metric'.");
    expect(r.diagnostics[0].range.start).toEqual({ line: 1, character: 10 });
  });

  it("the parser instance is reused and does not leak state between files", () => {
    const bad = parse("metric a { value: (1 + }", "/a.cx");
    const good = parse("metric a { value: (1 + 2) }", "/b.cx");
    expect(bad.diagnostics.length).toBeGreaterThan(0);
    expect(good.diagnostics).toEqual([]);
    expect(parse("metric a { value: (1 + }", "/a.cx").diagnostics).toEqual(bad.diagnostics);
  });

  it("survives very deep nesting", () => {
    const deep = "metric a { value: " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }\nmetric b { value: 2 }";
    const r = parse(deep, "/t.cx");
    expect(r.ast.items.length).toBeGreaterThanOrEqual(1);
    expect(valueOf(r.ast, "b", "value")).toMatchObject({ kind: "Number", value: 2 });
  });

  it("never throws on random or mutated input (2,000 cases)", () => {
    const corpus = [...fixtureNames.map((n) => readFileSync(join(FIXTURES, n), "utf8")), ...listCx(CONFORMANCE).map((p) => readFileSync(p, "utf8"))];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['{', '}', '(', ')', '[', ']', ':', ',', '.', ';', '"', "'", "/", "*", "\n", " ", "-", "%", "=", "!", "<", ">", "@", "\\", "metric ", "where ", "not ", "in ", "is ", "null", "1e", "9", "\u0000", "\uFEFF", "\uD800", "é", "/*", "//", "\r"];
    for (let i = 0; i < 2000; i++) {
      const base = corpus[rnd(corpus.length)];
      let text: string;
      switch (i % 5) {
        case 0: // truncation
          text = base.slice(0, rnd(base.length + 1));
          break;
        case 1: // deletions
          text = base;
          for (let k = 0; k < 1 + rnd(8); k++) {
            const at = rnd(text.length + 1);
            text = text.slice(0, at) + text.slice(at + 1 + rnd(6));
          }
          break;
        case 2: // insertions
          text = base;
          for (let k = 0; k < 1 + rnd(8); k++) {
            const at = rnd(text.length + 1);
            text = text.slice(0, at) + alphabet[rnd(alphabet.length)] + text.slice(at);
          }
          break;
        case 3: // shuffled lines
          text = base
            .split("\n")
            .sort(() => rnd(3) - 1)
            .join("\n");
          break;
        default: // random bytes
          text = Array.from({ length: rnd(400) }, () => String.fromCharCode(rnd(0x3000))).join("");
      }
      let r;
      try {
        r = parse(text, "/fuzz.cx");
      } catch (e) {
        throw new Error(`parse threw on case ${i}: ${String(e)}\n${JSON.stringify(text)}`);
      }
      checkInvariants(r.text, r.ast);
      for (const d of r.diagnostics) {
        if (!(d.range.start.line >= 0 && Number.isFinite(d.range.start.character) && Number.isFinite(d.range.end.character))) {
          throw new Error(`bad range in case ${i}: ${JSON.stringify(d)}`);
        }
        if (/\{\w+\}|undefined|NaN/.test(d.message)) throw new Error(`bad message in case ${i}: ${d.message}`);
      }
    }
  });
});

// Speed is measured by `npm run bench` (bench/parse.mjs), never asserted in tests.
describe("large files", () => {
  it("parses a 2,000-line file without diagnostics, every declaration present", () => {
    const base = readFileSync(join(FIXTURES, "complete-example.cx"), "utf8");
    let big = "";
    let copies = 0;
    for (let i = 0; big.split("\n").length < 2000; i++, copies++) big += base.replace(/\b(checkout|support|surveys|orders|online_purchase|refunds_low|refund_rate)\w*/g, (m) => `${m}_${i}`) + "\n";
    const one = parse(base, "/one.cx").ast.items.length;
    const r = parse(big, "/big.cx");
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.items.length).toBe(one * copies);
  });
});
