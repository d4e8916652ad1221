// Report formats (cli.md "Other formats"): golden files for every format on the sample and the
// fixture workspaces, SARIF validated against the SARIF 2.1.0 JSON schema, JUnit read back with
// a real JUnit consumer's parser (junit2json), GitHub workflow-command escaping.
//
// Golden files live in test/golden/<workspace>/<command>.<format>.<ext>. They change only on
// purpose: run `UPDATE_GOLDEN=1 npx vitest run test/unit/reports.test.ts` and review the diff.
import { built } from "../support/dist";
import { beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { parse as parseJUnit } from "junit2json";
import { XMLValidator } from "fast-xml-parser";
import { escapeData, escapeProperty, workflowCommand } from "../../server/src/cli/formats/github";
import { code, md } from "../../server/src/cli/formats/markdown";
import { pathToUri } from "../../server/src/cli/formats/sarif";
import { xmlEscape } from "../../server/src/cli/formats/junit";
import { CATALOGUE } from "../../server/src/core/diagnostics";
import { FORMATS } from "../../server/src/cli/formats/index";
import type { RenderContext } from "../../server/src/cli/formats/types";
import type { Report } from "../../server/src/core/report";

const root = resolve(__dirname, "../..");
let cli = ""; // a private copy of dist/cli.js, set in beforeAll

const goldenDir = join(root, "test/golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** The official SARIF 2.1.0 schema (OASIS, 2.1.0-rtm.5) as shipped by Microsoft's @microsoft/jest-sarif. */
const SARIF_SCHEMA = join(root, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

function cx(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI without blocking the test worker. */
function cxAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file test/golden/${name}; create it with UPDATE_GOLDEN=1`);
  expect(actual, `differs from test/golden/${name} (UPDATE_GOLDEN=1 to accept a deliberate change)`).toBe(readFileSync(file, "utf8"));
}

const WORKSPACES: [string, string][] = [
  ["retail", "samples/retail"],
  ["mixed", "test/fixtures/reports/mixed"],
  ["clean", "test/fixtures/reports/clean"],
  ["syntax", "test/fixtures/reports/syntax"],
];
const EXT: Record<string, string> = { text: "txt", json: "json", junit: "xml", sarif: "sarif", markdown: "md", github: "txt" };
const COMMANDS = ["check", "eval"] as const;

/** The context the CLI renders with when standard output is not a terminal. */
function context(command: "check" | "eval"): RenderContext {
  const lines = new Map<string, string[]>();
  return {
    command,
    color: false,
    quiet: false,
    cwd: root,
    sourceLine(file, line) {
      if (!lines.has(file)) lines.set(file, readFileSync(join(root, file), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/));
      return lines.get(file)![line - 1];
    },
  };
}

let validateSarif: ReturnType<Ajv["compile"]>;
/** CLI runs by argument line: `cx <command> <dir> --as-of 2026-06-30 --format json [...]` for every workspace, and every format on `mixed`. */
const runs = new Map<string, { status: number | null; stdout: string; stderr: string }>();
const argsOf = (command: string, dir: string, format: string, extra: string[] = []) => [command, dir, "--as-of", "2026-06-30", "--format", format, ...extra];

beforeAll(async () => {
  cli = built("cli.js");
  // draft-04 schema; its `language` pattern is not valid with the `u` flag, hence unicodeRegExp: false.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  validateSarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")));
  const todo: string[][] = [];
  for (const [, dir] of WORKSPACES) {
    for (const command of COMMANDS) todo.push(argsOf(command, dir, "json"));
    todo.push(argsOf("eval", dir, "json", ["--confidence", "0.95"]));
  }
  for (const command of COMMANDS) for (const format of Object.keys(EXT)) if (format !== "json") todo.push(argsOf(command, "test/fixtures/reports/mixed", format));
  // Two at a time (the machine has two cores).
  const queue = [...todo];
  await Promise.all(
    [0, 1].map(async () => {
      for (let a = queue.shift(); a; a = queue.shift()) {
        const res = await cxAsync(a);
        if (res.status === 2) throw new Error(`cx ${a.join(" ")} failed: ${res.stderr}`);
        runs.set(a.join(" "), res);
      }
    }),
  );
});

interface JsonReport {
  files: string[];
  diagnostics: { severity: string; code: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  goals?: { name: string; status: string; severity: string }[];
  summary: { errors: number; warnings: number };
}

describe.each(WORKSPACES)("report formats on %s", (ws, dir) => {
  const json = (command: string, extra: string[] = []) => runs.get(argsOf(command, dir, "json", extra).join(" "))!;
  const report = (command: string, extra: string[] = []) => JSON.parse(json(command, extra).stdout) as Report & JsonReport;
  /** Every format renders the JSON report; the CLI's own output of each format is compared on `mixed` below. */
  const render = (command: "check" | "eval", format: string, extra: string[] = []) => (format === "json" ? json(command, extra).stdout : FORMATS[format](report(command, extra), context(command)));

  for (const command of COMMANDS) {
    it.each(Object.keys(EXT))(`${command} --format %s matches its golden file`, (format) => {
      golden(`${ws}/${command}.${format}.${EXT[format]}`, render(command, format));
    });
  }

  it("eval --confidence 0.95 (json, markdown) matches its golden files", () => {
    golden(`${ws}/eval.confidence.json`, render("eval", "json", ["--confidence", "0.95"]));
    golden(`${ws}/eval.confidence.md`, render("eval", "markdown", ["--confidence", "0.95"]));
  });

  it("SARIF is valid SARIF 2.1.0 with one result per diagnostic and per missed/at-risk goal", () => {
    for (const command of COMMANDS) {
      const log = JSON.parse(render(command, "sarif"));
      const ok = validateSarif(log);
      expect(ok, JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
      const rep = report(command);
      const results = log.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[] }[];
      const flagged = (rep.goals ?? []).filter((g) => g.status === "missed" || g.status === "at_risk");
      expect(results.length).toBe(rep.diagnostics.length + flagged.length);
      const rules = log.runs[0].tool.driver.rules as { id: string }[];
      expect(rules.map((r) => r.id)).toEqual(Object.keys(CATALOGUE));
      expect(log.runs[0].tool.driver.informationUri).toMatch(/^https:\/\//);
      for (const res of results) {
        expect(rules.some((r) => r.id === res.ruleId)).toBe(true);
        expect(["error", "warning", "note"]).toContain(res.level);
        const loc = res.locations[0].physicalLocation;
        expect(loc.artifactLocation.uriBaseId).toBe("%SRCROOT%");
        expect(loc.artifactLocation.uri).not.toMatch(/^\/|^file:|\\/);
        expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
        expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
      }
      // Diagnostics map one to one, in order, with 1-based regions.
      rep.diagnostics.forEach((d, i) => {
        const res = results[i];
        expect(res.ruleId).toBe(d.code);
        expect(res.level).toBe(d.severity === "info" ? "note" : d.severity);
        expect(res.locations[0].physicalLocation.region).toEqual({ startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
      });
      // Goals are located at their declaration, with the goal's outcome.
      flagged.forEach((g, i) => {
        const res = results[rep.diagnostics.length + i];
        expect(res.ruleId).toBe(g.status === "missed" ? "CX5001" : "CX5002");
        expect(res.level).toBe(g.status === "missed" && g.severity === "error" ? "error" : "warning");
      });
    }
  });

  it("JUnit loads in junit2json with the expected counts", async () => {
    for (const command of COMMANDS) {
      const xml = render(command, "junit");
      expect(XMLValidator.validate(xml)).toBe(true);
      const parsed = (await parseJUnit(xml)) as { tests?: number; failures?: number; testsuite?: { name: string; tests?: number; failures?: number; skipped?: number; testcase?: { name: string; failure?: unknown[]; skipped?: unknown[] }[] }[] };
      const rep = report(command);
      const goals = rep.goals ?? [];
      const errors = rep.diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("CX5"));
      const failures = goals.filter((g) => g.status === "missed").length + errors.length;
      const skipped = goals.filter((g) => g.status === "at_risk" || g.status === "no_data").length;
      expect(parsed.tests).toBe(goals.length + errors.length);
      expect(parsed.failures).toBe(failures);
      const suites = parsed.testsuite ?? [];
      for (const f of rep.files) expect(suites.map((s) => s.name)).toContain(f);
      const cases = suites.flatMap((s) => s.testcase ?? []);
      expect(cases.length).toBe(goals.length + errors.length);
      expect(cases.filter((c) => c.failure?.length).length).toBe(failures);
      expect(cases.filter((c) => c.skipped?.length).length).toBe(skipped);
      expect(suites.reduce((n, s) => n + (s.skipped ?? 0), 0)).toBe(skipped);
      expect(suites.reduce((n, s) => n + (s.failures ?? 0), 0)).toBe(failures);
    }
  });

  it("github prints one workflow command per diagnostic and per missed/at-risk goal", () => {
    for (const command of COMMANDS) {
      const lines = render(command, "github").split("\n").filter(Boolean);
      const rep = report(command);
      const flagged = (rep.goals ?? []).filter((g) => g.status === "missed" || g.status === "at_risk");
      expect(lines.length).toBe(rep.diagnostics.length + flagged.length);
      rep.diagnostics.forEach((d, i) => {
        const cmd = { error: "error", warning: "warning", info: "notice" }[d.severity];
        expect(lines[i]).toBe(
          `::${cmd} file=${escapeProperty(d.file)},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${d.code}::${escapeData(d.message)}`,
        );
      });
      for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=CX\d{4}::\S/);
    }
  });
});

describe("the CLI", () => {
  it.each(COMMANDS)("%s prints every format as rendered from its JSON report, with the same exit status", (command) => {
    const dir = "test/fixtures/reports/mixed";
    const json = runs.get(argsOf(command, dir, "json").join(" "))!;
    for (const format of Object.keys(EXT)) {
      if (format === "json") continue;
      const r = runs.get(argsOf(command, dir, format).join(" "))!;
      expect(r.stdout, format).toBe(FORMATS[format](JSON.parse(json.stdout), context(command)));
      expect(r.status, format).toBe(json.status);
    }
    expect(json.status).toBe(1); // an unknown column
  });

  it("writes any format to --output", () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-out-"));
    const out = join(dir, "report.sarif");
    const r = cx(["eval", "test/fixtures/reports/clean", "--format", "sarif", "--output", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(validateSarif(JSON.parse(readFileSync(out, "utf8")))).toBe(true);
  });
});

describe("escaping", () => {
  it("GitHub workflow commands escape data and properties per the runner's rules", () => {
    expect(escapeData("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
    expect(escapeData("a:b,c")).toBe("a:b,c");
    expect(escapeProperty("dir, with: colon%\n")).toBe("dir%2C with%3A colon%25%0A");
    expect(workflowCommand("error", { file: "a,b.cx", line: 3, col: 1, title: "CX2001" }, "Unknown 'x'.\nDid you mean 'y'? 100%")).toBe(
      "::error file=a%2Cb.cx,line=3,col=1,title=CX2001::Unknown 'x'.%0ADid you mean 'y'? 100%25",
    );
    expect(workflowCommand("notice", {}, "plain")).toBe("::notice::plain");
  });

  it("markdown, XML and URIs are escaped", () => {
    // Line breaks are shown escaped (\n), like every control character.
    expect(md("a | b <c> *d* [e]_f_ `g`\nh")).toBe("a \\| b \\<c\\> \\*d\\* \\[e\\]\\_f\\_ \\`g\\`\\\\nh");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("x|y")).toBe("`x\\|y`");
    expect(xmlEscape(`a<b>&"c"'\n\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;\uFFFD");
    expect(xmlEscape("a<b>\n", false)).toBe("a&lt;b&gt;\n");
    expect(pathToUri("dir/extra metrics.cx")).toBe("dir/extra%20metrics.cx");
    expect(pathToUri("../a#b.cx")).toBe("../a%23b.cx");
  });
});

describe("--confidence", () => {
  it("adds intervals to survey metrics and conclusive to their goals", () => {
    const r = runs.get(argsOf("eval", "test/fixtures/reports/mixed", "json", ["--confidence", "0.95"]).join(" "))!;
    const report = JSON.parse(r.stdout) as { metrics: { name: string; value: number; ci?: { level: number; low: number; high: number } }[]; goals: { name: string; conclusive?: boolean }[] };
    const m = new Map(report.metrics.map((x) => [x.name, x]));
    // checkout: recommend 10, 9, 7, 3 (row 5 is not a number): 2 promoters, 1 detractor of 4 → NPS 25;
    // se = 100·√((0.5 + 0.25 − 0.0625)/4) = 41.4578098794425; ±1.959963984540054·se.
    const nps = m.get("checkout_nps")!;
    expect(nps.value).toBeCloseTo(25, 12);
    expect(nps.ci!.low).toBeCloseTo(25 - 1.959963984540054 * 41.4578098794425, 9);
    expect(nps.ci!.high).toBe(100);
    expect(m.get("answers")!.ci).toBeUndefined();
    const goals = new Map(report.goals.map((g) => [g.name, g]));
    expect(goals.get("nps_goal")!.conclusive).toBe(false); // target >= 0 inside [−56.3, 100]
    expect(goals.get("enough_answers")!.conclusive).toBeUndefined();
    for (const bad of ["0", "1", "95", "x", "-0.5"]) {
      const u = cx(["eval", "test/fixtures/reports/mixed", "--confidence", bad]);
      expect(u.status, bad).toBe(2);
    }
    expect(cx(["check", "test/fixtures/reports/mixed", "--confidence", "0.9"]).status).toBe(2);
    // 95% is accepted as 0.95.
    const pct = JSON.parse(cx(["eval", "test/fixtures/reports/mixed", "--format", "json", "--confidence", "95%"]).stdout) as typeof report;
    expect(pct.metrics.find((x) => x.name === "checkout_nps")!.ci).toEqual(nps.ci);
  });

  it("reports CX4008 for samples smaller than min_sample (warning when declared, info by default)", () => {
    const report = JSON.parse(runs.get(argsOf("eval", "test/fixtures/reports/mixed", "json").join(" "))!.stdout) as JsonReport;
    const small = report.diagnostics.filter((d) => d.code === "CX4008");
    const declared = small.find((d) => d.message.includes("'checkout_csat'"))!;
    expect(declared).toMatchObject({ severity: "warning", line: 34, column: 8 });
    expect(declared.message).toMatch(/only 5 valid answers, fewer than min_sample 8/);
    const byDefault = small.filter((d) => d !== declared);
    expect(byDefault.map((d) => d.message.match(/'(\w+)'/)![1]).sort()).toEqual(["checkout_nps", "effort", "support_csat"]);
    for (const d of byDefault) expect(d.severity).toBe("info");
  });
});
