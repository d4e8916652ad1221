// Hostile text in every output format (cli.md "Robustness of every command"; docs/cli.md
// "Escaping"). Two sources of hostile strings:
// - test/fixtures/reports/hand/hostile.json, a hand-written report (made by make-hostile.mjs next
//   to it) whose labels, descriptions, group keys, periods, owners, file names, messages and
//   version-2 fields (funnels, cohorts, drivers) carry HTML `<script>`, Markdown links to
//   `javascript:`, `::error::` workflow commands, ESC/BEL/backspace/C1, CR/LF, bidi overrides,
//   autolinks and @mentions. It is rendered in-process by every format.
// - a real workspace written to a temporary directory, with such strings in .cx labels and in data
//   values that become group keys and diagnostic messages, run through dist/cli.js.
// The markdown is rendered by a real Markdown renderer (markdown-it with linkify, which finds
// bare domains, URLs and e-mail addresses like GitHub's autolinker and more).
import { built } from "../support/dist";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseJUnit } from "junit2json";
import { FORMATS } from "../../server/src/cli/formats/index";
import { DIFF_FORMATS } from "../../server/src/cli/diff-format";
import type { WorkspaceDiff } from "../../server/src/core/diff";
import { lineLink, md } from "../../server/src/cli/formats/markdown";
import { escapeControls, escapeJsonOutput, escapeSourceLine } from "../../server/src/core/escape";
import type { RenderContext } from "../../server/src/cli/formats/types";
import type { Report } from "../../server/src/core/report";

// The tests block the worker (spawnSync, long renders); let it answer the runner between tests, or
// vitest's RPC to the main process times out ("Timeout calling onTaskUpdate").
afterEach(() => new Promise<void>((done) => setImmediate(done)));

const root = resolve(__dirname, "../..");
const fixture = join(root, "test/fixtures/reports/hand");
const report = JSON.parse(readFileSync(join(fixture, "hostile.json"), "utf8")) as Report;
const H = JSON.parse(readFileSync(join(fixture, "hostile-strings.json"), "utf8")) as Record<string, string>;

/** Any character a terminal or log could act on, or that reorders text. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function context(command: "check" | "eval", color = false): RenderContext {
  return {
    command,
    color,
    quiet: false,
    cwd: root,
    sourceLine(file, line) {
      try {
        return readFileSync(join(root, file), "utf8").split(/\r?\n/)[line - 1];
      } catch {
        return undefined;
      }
    },
  };
}

const render = (format: string, command: "check" | "eval" = "eval", color = false) => FORMATS[format](report, context(command, color));

const mdIt = new MarkdownIt({ html: true, linkify: true });

function inlineTokens(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...(t.children ? inlineTokens(t.children) : [])]);
}

/** Every location's relative link target, as lineLink writes it: the only links allowed. */
function allowedHrefs(r: Report): Set<string> {
  const out = new Set<string>();
  const add = (file: string, line?: number) => {
    const m = /\]\(([^)]*)\)$/.exec(lineLink("x", file, line));
    if (m) out.add(m[1]);
  };
  for (const d of r.diagnostics) add(d.file, d.line);
  for (const x of [...(r.metrics ?? []), ...(r.goals ?? []), ...(r.journeys ?? []), ...(r.funnels ?? []), ...(r.cohorts ?? []), ...(r.drivers ?? [])]) if (x.location) add(x.location.file, x.location.line);
  return out;
}

describe("hostile strings in every format (hand-written report)", () => {
  it("text: no control or bidi character reaches the terminal; they are shown escaped, one line per line", () => {
    for (const command of ["check", "eval"] as const) {
      const out = render("text", command);
      expect(out).not.toMatch(CONTROL);
      // Hostile CR/LF did not start new lines: no line begins with text that was after a line break.
      for (const line of out.split("\n")) expect(line).not.toMatch(/^(line2|line3|::error)/);
    }
    const out = render("text");
    expect(out).toContain("\\x1b[31mRED\\x1b[0m\\x07bell\\x08back\\x1b]0;title\\x07\\x9b31m");
    expect(out).toContain("user\\u202egnp.exe\\u2066x\\u2069");
    expect(out).toContain("line1\\r\\nline2\\rline3\\n::error::injected");
    // With colours, the only escape sequences are the scorecard's own SGR codes.
    const colored = render("text", "eval", true);
    expect(colored.replace(/\x1b\[\d+m/g, "")).not.toMatch(CONTROL);
  });

  it("text: the caret underline stays under the escaped source text", () => {
    const out = render("text", "check");
    const lines = out.split("\n");
    const i = lines.findIndex((l) => l.startsWith("1 │ metric bad"));
    const src = lines[i].slice("1 │ ".length);
    const carets = lines[i + 1].slice("  │ ".length);
    const start = src.indexOf("chekout");
    const escapedName = "chekout\\x1b[31m\\u202e_nps";
    expect(src.slice(start, start + escapedName.length)).toBe(escapedName);
    expect(carets).toBe(" ".repeat(start) + "^".repeat(escapedName.length));
  });

  it("escapeSourceLine maps columns through escapes and tabs", () => {
    const s = escapeSourceLine("\ta\u001bb\u202ec");
    expect(s.text).toBe(" a\\x1bb\\u202ec");
    expect([0, 1, 2, 3, 4, 5, 6].map((o) => s.column(o))).toEqual([0, 1, 2, 6, 7, 13, 14]);
  });

  it("github: one workflow command per line, messages and properties escaped", () => {
    for (const command of ["check", "eval"] as const) {
      const out = render("github", command);
      expect(out).not.toMatch(CONTROL);
      const lines = out.split("\n").filter(Boolean);
      const flagged = (report.goals ?? []).filter((g) => g.status === "missed" || g.status === "at_risk").length;
      expect(lines.length).toBe(report.diagnostics.length + (command === "eval" ? flagged : flagged));
      for (const line of lines) {
        const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
        expect(m, line).not.toBeNull();
        // Property values: no unescaped separators; the message: no CR or LF.
        for (const prop of (m![2] ?? "").trim().split(",").filter(Boolean)) expect(prop).toMatch(/^[A-Za-z]+=[^,:]*$/);
        expect(m![3]).not.toMatch(/[\r\n]/);
      }
      // The hostile file name is one escaped property value.
      expect(out).toContain("file=test/fixtures/reports/hand/hostile <b>@octocat #1 [x]%28javascript%3Ay%29.cx".replace("%28", "(").replace("%29", ")"));
      // The CR/LF of a message are GitHub's %0D/%0A, the injected command stays inside the message.
      expect(out).toContain("line1%0D%0Aline2%0Dline3%0A::error::injected");
      expect(out).toContain("\\x1b[31mRED");
      expect(out).toContain("%250A"); // a literal %0A in the text is not turned into a line break
    }
  });

  it("markdown: no raw HTML, no links but the report's own, no autolinks, mentions or issue references", () => {
    for (const command of ["check", "eval"] as const) {
      const out = render("markdown", command);
      expect(out).not.toMatch(CONTROL);
      const tokens = inlineTokens(mdIt.parse(out, {}));
      const html = tokens.filter((t) => t.type === "html_inline" || t.type === "html_block").map((t) => t.content.trim());
      expect(new Set(html)).toEqual(new Set(html.length ? ["<br>"] : []));
      const allowed = allowedHrefs(report);
      for (const t of tokens.filter((x) => x.type === "link_open")) {
        expect(t.markup, "an autolink").not.toBe("linkify");
        expect(t.markup).not.toBe("autolink");
        expect(allowed.has(t.attrGet("href")!), t.attrGet("href")!).toBe(true);
      }
      expect(tokens.some((t) => t.type === "image")).toBe(false);
      expect(tokens.some((t) => ["em_open", "strong_open", "s_open", "code_block", "fence", "heading_open"].includes(t.type) && t.level > 0)).toBe(false);
      const rendered = mdIt.render(out);
      expect(rendered).not.toMatch(/<(script|img|i|b)[\s>]/i);
      expect(rendered).not.toMatch(/href="(javascript|https?|mailto):/i);
      // The text a reader sees: every hostile string appears literally (escapes rendered away), and
      // nothing in it is a GitHub @mention or #reference (a word joiner follows @ and #).
      const text = tokens.filter((t) => t.type === "text" || t.type === "code_inline").map((t) => t.content).join("");
      expect(text).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/);
      expect(text).not.toMatch(/(^|[^\w&])#\d/);
    }
    const out = render("markdown");
    const text = inlineTokens(mdIt.parse(out, {}))
      .filter((t) => t.type === "text")
      .map((t) => t.content)
      .join("");
    const WJ = "\u2060";
    for (const s of [H.html, H.mdlink, H.md, H.wf]) expect(text.replace(/\u2060/g, "")).toContain(escapeControls(s));
    expect(text).toContain(`@${WJ}octocat`);
    expect(text).toContain(`#${WJ}123`);
    expect(text).toContain("\\x1b[31mRED");
  });

  it("markdown: table rows keep their cell count whatever pipes and backslashes the text has", () => {
    const tokens = mdIt.parse(render("markdown"), {});
    let cells = 0;
    let header = 0;
    for (const t of tokens) {
      if (t.type === "thead_open") header = -1;
      if (t.type === "tr_open") cells = 0;
      if (t.type === "th_open" || t.type === "td_open") cells++;
      if (t.type === "tr_close") {
        if (header === -1) header = cells;
        else expect(cells).toBe(header);
      }
      if (t.type === "table_close") header = 0;
    }
  });

  it("md() breaks what GitHub or linkify would link, and keeps numbers and sentences readable", () => {
    for (const s of ["https://evil.example", "www.evil.example", "mail@evil.example", "evil.example", "ftp://x.example", "http://127.0.0.1/x", "www.1evil.example", "@octocat", "#12"]) {
      const html = mdIt.renderInline(md(s));
      expect(html, s).not.toContain("<a");
      expect(html.replace(/\u2060/g, ""), s).toBe(mdIt.utils.escapeHtml(s));
    }
    expect(md("3.5 pts, 0..10. Done: yes")).toBe("3.5 pts, 0..10. Done: yes");
  });

  it("junit: valid XML, control characters escaped, counts intact", async () => {
    const out = render("junit");
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain("\\x1b[31mRED");
    const parsed = (await parseJUnit(out)) as { tests?: number; failures?: number };
    expect(parsed.tests).toBe((report.goals ?? []).length + report.diagnostics.filter((d) => d.severity === "error").length);
  });

  it("sarif: valid SARIF, messages with escaped controls", () => {
    const out = render("sarif");
    expect(out).not.toMatch(CONTROL);
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")));
    const log = JSON.parse(out);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const texts = (log.runs[0].results as { message: { text: string } }[]).map((r) => r.message.text);
    for (const t of texts) expect(t).not.toMatch(CONTROL);
    expect(texts.join("\n")).toContain("\\u202e");
  });

  it("json: the same values, with C1 and bidi characters written as \\u escapes", () => {
    const out = render("json");
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain("\\u202e");
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(escapeJsonOutput(JSON.stringify("a\u009bb\u2066"))).toBe('"a\\u009bb\\u2066"');
  });
});

describe("hostile strings in cx diff output", () => {
  const all = Object.values(H).join(" ¦ ");
  const snap = (value: number) => ({ value, n: 3, compare: { kind: "previous", label: H.links + H.esc, previous: value - 1, change: 1, p: 0.01, significant: true } });
  const diff: WorkspaceDiff = {
    cx: 1,
    base: H.esc + H.mdlink,
    head: H.wf + H.bidi,
    asOf: "2026-06-30",
    declarations: [
      { kind: "metric", name: "m", change: "changed", file: "hostile <b>@octocat #1 [x](javascript:y).cx", line: 3, movedFrom: H.html, properties: [{ property: "label", before: JSON.stringify(all), after: `"a\\|b ${H.crlf}"` }] },
      { kind: "goal", name: "g", change: "renamed", from: "old", file: H.links, line: 1, properties: [] },
    ],
    dataFiles: [{ file: `data/${H.html}.csv`, change: "modified" }],
    metrics: [
      { name: "m", label: all, unit: "currency", currency: "<b>", presence: "both", base: snap(1), before: snap(1), after: snap(2), newOnOld: snap(1), effect: "both" },
    ],
    goals: [
      {
        name: "g", metric: "m", presence: "both", effect: "definition", base: null, newOnOld: null,
        before: { status: "met", value: 1, target: { op: ">=", value: 1 }, warn: null, groups: [{ key: { store: H.html + H.esc }, value: 1, status: "met" }] },
        after: { status: "missed", value: 0, target: { op: ">=", value: 1 }, warn: null, groups: [{ key: { store: H.html + H.esc }, value: 0, status: "missed" }] },
      },
    ],
    summary: { declarations: { added: 0, removed: 0, changed: 1, renamed: 1 }, metrics: { definition: 0, data: 0, both: 1, unchanged: 0 }, goals: { definition: 1, data: 0, both: 0, unchanged: 0 }, statusChanges: 1 },
  };

  it("text, markdown and json keep control characters out; markdown makes no tag, link, mention or cell", () => {
    for (const format of Object.keys(DIFF_FORMATS)) {
      const out = DIFF_FORMATS[format](diff, { color: false });
      expect(out, format).not.toMatch(CONTROL);
      if (format === "json") expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(diff)));
      if (format === "text") {
        expect(out).toContain("groups: <script>alert(1)</script>");
        for (const line of out.split("\n")) expect(line).not.toMatch(/^(line2|line3|::error)/);
      }
    }
    const out = DIFF_FORMATS.markdown(diff, { color: false });
    const tokens = inlineTokens(mdIt.parse(out, {}));
    const html = new Set(tokens.filter((t) => t.type === "html_inline" || t.type === "html_block").map((t) => t.content.trim()));
    for (const h of html) expect(["<br>", "<details><summary>All metrics and goals (1 metrics, 1 goals)</summary>", "<details><summary>Data files changed (1)</summary>", "</details>"]).toContain(h);
    const allowed = new Set([/\]\(([^)]*)\)$/.exec(lineLink("x", "hostile <b>@octocat #1 [x](javascript:y).cx", 3))![1], /\]\(([^)]*)\)$/.exec(lineLink("x", H.links, 1))![1]]);
    for (const t of tokens.filter((x) => x.type === "link_open")) {
      expect(t.markup).not.toBe("linkify");
      expect(allowed.has(t.attrGet("href")!), t.attrGet("href")!).toBe(true);
    }
    const text = tokens.filter((t) => t.type === "text" || t.type === "code_inline").map((t) => t.content).join("");
    expect(text).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/);
    expect(mdIt.render(out)).not.toMatch(/<(script|img|b)[\s>]/i);
    // Each table row has the header's cell count.
    let header = 0;
    let count = 0;
    for (const t of mdIt.parse(out, {})) {
      if (t.type === "thead_open") header = -1;
      if (t.type === "tr_open") count = 0;
      if (t.type === "th_open" || t.type === "td_open") count++;
      if (t.type === "tr_close") {
        if (header === -1) header = count;
        else expect(count).toBe(header);
      }
      if (t.type === "table_close") header = 0;
    }
  });
});

describe("hostile .cx labels and data through dist/cli.js", () => {
  let cli = "";
  let ws = "";
  const ESC = "\u001b";
  beforeAll(() => {
    cli = built("cli.js");
    ws = mkdtempSync(join(tmpdir(), "cx-hostile-"));
    writeFileSync(
      join(ws, "main.cx"),
      [
        "source s {",
        '  file: "d.csv"',
        "  columns {",
        "    score: number",
        "    channel: text",
        "  }",
        "}",
        "touchpoint tp {",
        `  label: "TP ${ESC}[31mred${ESC}[0m \u202eevil <script>alert(1)</script> @octocat"`,
        "}",
        "metric m {",
        `  label: "Lbl \u0007 [x](javascript:alert(1)) https://evil.example ::error::x"`,
        "  touchpoint: tp",
        "  value: avg(s.score)",
        "  by: channel",
        "}",
        "goal g {",
        "  metric: m",
        "  target: >= 5",
        '  owner: "::error file=a,line=1::owner"',
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(join(ws, "d.csv"), `score,channel\n3,"web${ESC}[2J\r\n::error::row"\n4,"<b>app</b> @octocat www.evil.example"\nx${ESC}]0;t\u0007,web\n`);
  });

  const cx = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: ws, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("every format keeps control characters out and escapes the labels, group keys and data values", () => {
    const json = JSON.parse(cx(["eval", ".", "--format", "json", "--as-of", "2026-06-30"]).stdout) as Report;
    const keys = (json.metrics ?? [])[0].groups!.map((g) => String(g.key.channel));
    expect(keys.some((k) => k.includes(ESC))).toBe(true); // the data really carries the escape
    // The data value in the CX4003 message is shown with its controls escaped where the message is made.
    expect(json.diagnostics.some((d) => d.code === "CX4003" && d.message.includes("\\x1b]0;t\\x07"))).toBe(true);
    for (const format of ["text", "json", "junit", "sarif", "markdown", "github"]) {
      const r = cx(["eval", ".", "--format", format, "--as-of", "2026-06-30"]);
      expect(r.status, format).toBe(1);
      expect(r.stderr, format).toBe("");
      expect(r.stdout, format).not.toMatch(CONTROL);
      if (format === "github") for (const line of r.stdout.split("\n").filter(Boolean)) expect(line).toMatch(/^::(error|warning|notice) /);
      if (format === "markdown") {
        const html = mdIt.render(r.stdout);
        expect(html).not.toMatch(/<(script|b)[\s>]/);
        expect(html).not.toMatch(/href="(?!main\.cx|d\.csv)/);
      }
      if (format === "text") expect(r.stdout).toContain("web\\x1b[2J\\r\\n::error::row");
    }
  });
});
