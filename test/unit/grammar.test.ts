// Tokenizes .cx lines with the real TextMate engine VS Code uses (vscode-textmate + vscode-oniguruma)
// and asserts the scopes of selected tokens.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

const root = resolve(__dirname, "../..");
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== "source.cx") return null;
      const path = resolve(root, "syntaxes/cx.tmLanguage.json");
      return vsctm.parseRawGrammar(readFileSync(path, "utf8"), path);
    },
  });
  const g = await registry.loadGrammar("source.cx");
  if (!g) throw new Error("grammar source.cx did not load");
  grammar = g;
});

type Token = { text: string; scopes: string[] };

/** Tokenizes a whole (multi-line) text, carrying the rule stack from line to line. */
function tokenize(text: string): Token[][] {
  let stack = vsctm.INITIAL;
  return text.split("\n").map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scopes of every token whose text is exactly `text` on the given line. */
function scopesOf(line: Token[], text: string): string[] {
  const hit = line.find((t) => t.text === text);
  if (!hit) throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(line.map((t) => t.text))}`);
  return hit.scopes;
}

const last = (scopes: string[]) => scopes[scopes.length - 1];

describe("cx TextMate grammar", () => {
  it("colours declaration keywords and names at the start of a declaration", () => {
    const lines = tokenize("metric checkout_nps {\n  value: 1\n}\ngoal g1 {\n}\n} journey j {");
    expect(last(scopesOf(lines[0], "metric"))).toBe("storage.type.metric.cx");
    expect(last(scopesOf(lines[0], "checkout_nps"))).toBe("entity.name.type.metric.cx");
    expect(last(scopesOf(lines[3], "goal"))).toBe("storage.type.goal.cx");
    expect(last(scopesOf(lines[3], "g1"))).toBe("entity.name.type.goal.cx");
    expect(last(scopesOf(lines[5], "journey"))).toBe("storage.type.journey.cx");
    for (const kind of ["source", "touchpoint"]) {
      const [line] = tokenize(`${kind} x {`);
      expect(last(scopesOf(line, kind))).toBe(`storage.type.${kind}.cx`);
    }
  });

  it("does not treat declaration kinds as keywords elsewhere", () => {
    const [prop, filter] = tokenize(
      '  touchpoint: checkout\n  value: nps(surveys.recommend where touchpoint == "checkout")',
    );
    expect(last(scopesOf(prop, "touchpoint"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(prop, ":"))).toBe("punctuation.separator.key-value.cx");
    expect(last(scopesOf(filter, "touchpoint"))).toBe("variable.other.cx");
    const [metricProp] = tokenize("  metric: checkout_nps");
    expect(last(scopesOf(metricProp, "metric"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(metricProp, "checkout_nps"))).toBe("variable.other.cx");
  });

  it("colours property keys at line start and after {", () => {
    const [a, b] = tokenize('  label: "Checkout NPS"\nmetric m { value: 1; unit: points }');
    expect(last(scopesOf(a, "label"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(b, "value"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(b, "unit"))).toBe("variable.other.property.cx");
  });

  it("colours reserved words", () => {
    const [line] = tokenize('  value: count(t where a is not null and b in [1, 2] or c == true or d != false)');
    expect(last(scopesOf(line, "where"))).toBe("keyword.other.where.cx");
    expect(last(scopesOf(line, "is"))).toBe("keyword.operator.word.cx");
    expect(last(scopesOf(line, "not"))).toBe("keyword.operator.logical.cx");
    expect(last(scopesOf(line, "null"))).toBe("constant.language.null.cx");
    expect(last(scopesOf(line, "and"))).toBe("keyword.operator.logical.cx");
    expect(last(scopesOf(line, "in"))).toBe("keyword.operator.word.cx");
    expect(last(scopesOf(line, "or"))).toBe("keyword.operator.logical.cx");
    expect(last(scopesOf(line, "true"))).toBe("constant.language.boolean.cx");
    expect(last(scopesOf(line, "false"))).toBe("constant.language.boolean.cx");
    const [imp] = tokenize('import "common.cx"');
    expect(last(scopesOf(imp, "import"))).toBe("keyword.control.import.cx");
    expect(scopesOf(imp, "common.cx")).toContain("string.quoted.double.cx");
  });

  it("colours function names before ( and named arguments", () => {
    const [line] = tokenize("  value: round(csat(surveys.satisfied, scale: 7) * 100, 1) + my_fn (x)");
    expect(last(scopesOf(line, "round"))).toBe("support.function.builtin.cx");
    expect(last(scopesOf(line, "csat"))).toBe("support.function.builtin.cx");
    expect(last(scopesOf(line, "scale"))).toBe("variable.parameter.cx");
    expect(last(scopesOf(line, "my_fn"))).toBe("entity.name.function.cx");
    expect(last(scopesOf(line, "surveys"))).toBe("variable.other.object.cx");
    expect(last(scopesOf(line, "satisfied"))).toBe("variable.other.member.cx");
    expect(last(scopesOf(line, "*"))).toBe("keyword.operator.arithmetic.cx");
    expect(last(scopesOf(line, "+"))).toBe("keyword.operator.arithmetic.cx");
  });

  it("colours strings with escapes, and ends an unterminated string at the end of its line", () => {
    const [s, unterminated, next] = tokenize('  label: "say \\"hi\\"\\n\\u00e9 \\q"\n  label: "oops\n  value: 1');
    expect(scopesOf(s, "say ")).toContain("string.quoted.double.cx");
    expect(last(scopesOf(s, '\\"'))).toBe("constant.character.escape.cx");
    expect(last(scopesOf(s, "\\n"))).toBe("constant.character.escape.cx");
    expect(last(scopesOf(s, "\\u00e9"))).toBe("constant.character.escape.cx");
    expect(last(scopesOf(s, "\\q"))).toBe("invalid.illegal.escape.cx");
    expect(scopesOf(unterminated, "oops")).toContain("string.quoted.double.cx");
    expect(last(scopesOf(next, "value"))).toBe("variable.other.property.cx");
    expect(scopesOf(next, "1")).not.toContain("string.quoted.double.cx");
  });

  it("colours numbers, percents and durations", () => {
    const [t, w, n] = tokenize("  target: >= 12.5%\n  window: 90 days\n  warn: < 2.5e-2");
    expect(last(scopesOf(t, "12.5"))).toBe("constant.numeric.percent.cx");
    expect(last(scopesOf(t, "%"))).toBe("keyword.other.unit.percent.cx");
    expect(last(scopesOf(t, ">="))).toBe("keyword.operator.comparison.cx");
    expect(last(scopesOf(w, "90"))).toBe("constant.numeric.duration.cx");
    expect(last(scopesOf(w, "days"))).toBe("keyword.other.unit.duration.cx");
    expect(last(scopesOf(n, "2.5e-2"))).toBe("constant.numeric.decimal.cx");
    expect(last(scopesOf(n, "<"))).toBe("keyword.operator.comparison.cx");
    const [m] = tokenize("  window: 1 month");
    expect(last(scopesOf(m, "month"))).toBe("keyword.other.unit.duration.cx");
  });

  it("colours comments, including block comments across lines", () => {
    const lines = tokenize("// Doc comment\nmetric a { /* one\n two */ value: 1 }");
    expect(scopesOf(lines[0], " Doc comment")).toContain("comment.line.double-slash.cx");
    expect(scopesOf(lines[1], " one")).toContain("comment.block.cx");
    expect(scopesOf(lines[2], " two ")).toContain("comment.block.cx");
    expect(last(scopesOf(lines[2], "1"))).toBe("constant.numeric.decimal.cx");
  });

  it("colours a source's column schema", () => {
    const lines = tokenize("source s {\n  columns {\n    touchpoint: text\n    answered_at: date\n  }\n  timestamp: answered_at\n}");
    expect(last(scopesOf(lines[1], "columns"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(lines[2], "touchpoint"))).toBe("variable.other.column.cx");
    expect(last(scopesOf(lines[2], "text"))).toBe("support.type.column.cx");
    expect(last(scopesOf(lines[3], "date"))).toBe("support.type.column.cx");
    expect(last(scopesOf(lines[5], "timestamp"))).toBe("variable.other.property.cx");
  });

  it("colours version 2 declarations: funnel, cohort, drivers", () => {
    for (const kind of ["funnel", "cohort", "drivers"]) {
      const [line] = tokenize(`${kind} x {`);
      expect(last(scopesOf(line, kind))).toBe(`storage.type.${kind}.cx`);
      expect(last(scopesOf(line, "x"))).toBe(`entity.name.type.${kind}.cx`);
    }
    const lines = tokenize("drivers d {\n  drivers {\n    funnel: cohort_sat\n  }\n  where: region == \"EU\"\n}");
    expect(last(scopesOf(lines[1], "drivers"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(lines[2], "funnel"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(lines[4], "where"))).toBe("variable.other.property.cx");
    const [filter] = tokenize("  value: count(s where funnel == 1)");
    expect(last(scopesOf(filter, "where"))).toBe("keyword.other.where.cx");
    expect(last(scopesOf(filter, "funnel"))).toBe("variable.other.cx");
  });

  it("colours column declarations with from and map, across lines", () => {
    const lines = tokenize(
      [
        "source s {",
        "  columns {",
        '    satisfied: integer from "Q2 - Satisfied?" map {',
        '      "Very dissatisfied": 1, "Worse": -1,',
        '      "Yes": true // c',
        "    }",
        "    from: text",
        "  }",
        "  timestamp: at",
        "}",
      ].join("\n"),
    );
    expect(last(scopesOf(lines[2], "satisfied"))).toBe("variable.other.column.cx");
    expect(last(scopesOf(lines[2], "integer"))).toBe("support.type.column.cx");
    expect(last(scopesOf(lines[2], "from"))).toBe("keyword.other.from.cx");
    expect(scopesOf(lines[2], "Q2 - Satisfied?")).toContain("string.quoted.double.cx");
    expect(last(scopesOf(lines[2], "map"))).toBe("keyword.other.map.cx");
    expect(scopesOf(lines[3], "Very dissatisfied")).toContain("string.quoted.double.cx");
    expect(last(scopesOf(lines[3], "1"))).toBe("constant.numeric.decimal.cx");
    expect(last(scopesOf(lines[4], "true"))).toBe("constant.language.boolean.cx");
    expect(scopesOf(lines[4], " c")).toContain("comment.line.double-slash.cx");
    // after the map's `}` we are still in the columns block, and after the block's `}` outside it
    expect(last(scopesOf(lines[6], "from"))).toBe("variable.other.column.cx");
    expect(last(scopesOf(lines[6], "text"))).toBe("support.type.column.cx");
    expect(last(scopesOf(lines[8], "timestamp"))).toBe("variable.other.property.cx");
  });

  it("colours derived columns, `=` and row functions", () => {
    const lines = tokenize(
      [
        "source t {",
        "  derive {",
        "    wait = minutes_between(opened_at, first_reply_at)",
        '    sla: text = if(wait <= 60, "met", "breached")',
        "    same = a == b; low = lower(trim(x))",
        "  }",
        "  file: \"t.csv\"",
        "}",
      ].join("\n"),
    );
    expect(last(scopesOf(lines[1], "derive"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(lines[2], "wait"))).toBe("variable.other.column.cx");
    expect(last(scopesOf(lines[2], "="))).toBe("keyword.operator.assignment.cx");
    expect(last(scopesOf(lines[2], "minutes_between"))).toBe("support.function.builtin.cx");
    expect(last(scopesOf(lines[3], "sla"))).toBe("variable.other.column.cx");
    expect(last(scopesOf(lines[3], "text"))).toBe("support.type.column.cx");
    expect(last(scopesOf(lines[3], "if"))).toBe("support.function.builtin.cx");
    expect(last(scopesOf(lines[4], "=="))).toBe("keyword.operator.comparison.cx");
    expect(last(scopesOf(lines[4], "low"))).toBe("variable.other.column.cx");
    expect(last(scopesOf(lines[4], "lower"))).toBe("support.function.builtin.cx");
    expect(last(scopesOf(lines[6], "file"))).toBe("variable.other.property.cx");
    const [m] = tokenize("  value: count(t where as_of() >= date(x)) + conversion(f, s) + retention(c, 3)");
    for (const fn of ["as_of", "date", "conversion", "retention"]) expect(last(scopesOf(m, fn))).toBe("support.function.builtin.cx");
  });

  it("colours minutes and hours, dashed encodings and v2 properties", () => {
    const [w, h, e, sc] = tokenize("  within: 30 minutes\n  within: 12 hours\n  encoding: windows-1252\n  scope: groups");
    expect(last(scopesOf(w, "30"))).toBe("constant.numeric.duration.cx");
    expect(last(scopesOf(w, "minutes"))).toBe("keyword.other.unit.duration.cx");
    expect(last(scopesOf(h, "hours"))).toBe("keyword.other.unit.duration.cx");
    expect(last(scopesOf(e, "encoding"))).toBe("variable.other.property.cx");
    expect(last(scopesOf(e, "windows-1252"))).toBe("constant.other.encoding.cx");
    expect(last(scopesOf(sc, "scope"))).toBe("variable.other.property.cx");
  });

  it("tokenizes the version 2 spec examples and conformance files without invalid tokens", () => {
    const texts: string[] = [];
    try {
      const spec = readFileSync(resolve(root, "../shared/spec/language-v2.md"), "utf8");
      texts.push(...spec.split("```").filter((_, i) => i % 2 === 1).filter((b) => !/^\s*(yaml|json)/.test(b)));
    } catch {
      return; // shared/ is not beside this checkout
    }
    const v2 = resolve(root, "../shared/conformance/cases-v2");
    for (const c of readdirSync(v2)) for (const f of readdirSync(resolve(v2, c)).filter((n) => n.endsWith(".cx"))) texts.push(readFileSync(resolve(v2, c, f), "utf8"));
    expect(texts.length).toBeGreaterThan(10);
    for (const t of texts) {
      const lines = tokenize(t);
      const invalid = lines.flat().filter((tok) => tok.scopes.some((sc) => sc.startsWith("invalid.")));
      expect(invalid).toEqual([]);
    }
    const decls = tokenize(readFileSync(resolve(v2, "v2-funnel/main.cx"), "utf8"))
      .flat()
      .filter((t) => t.scopes.some((sc) => sc.startsWith("storage.type.")));
    expect(decls.map((t) => t.text)).toEqual(["source", "touchpoint", "funnel", "funnel", "funnel", "funnel", "funnel", "funnel", "metric", "metric", "metric", "goal"]);
  });

  it("tokenizes the whole spec example without invalid tokens", () => {
    const spec = resolve(root, "../shared/spec/language.md");
    let text: string;
    try {
      text = readFileSync(spec, "utf8");
    } catch {
      return; // shared/ is not beside this checkout
    }
    const example = text.slice(text.indexOf("## 8.")).split("```")[1];
    const lines = tokenize(example);
    const invalid = lines.flat().filter((t) => t.scopes.some((s) => s.startsWith("invalid.")));
    expect(invalid).toEqual([]);
    const decls = lines.flat().filter((t) => t.scopes.some((s) => s.startsWith("storage.type.")));
    expect(decls.map((t) => t.text)).toEqual([
      "source", "source", "touchpoint", "touchpoint", "metric", "metric", "metric", "metric", "goal", "goal", "journey",
    ]);
  });
});
