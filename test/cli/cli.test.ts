// CLI tests: spawn the bundled dist/cli.js like a user or CI would, and check exit statuses and output.
import { built } from "../support/dist";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { OPTIONS } from "../../server/src/cli/options";
import { checkReport, type Expectations } from "../support/expectations";

// The tests block the worker (spawnSync, long renders); let it answer the runner between tests, or
// vitest's RPC to the main process times out ("Timeout calling onTaskUpdate").
afterEach(() => new Promise<void>((done) => setImmediate(done)));

const root = resolve(__dirname, "../..");
let cli = ""; // a private copy of dist/cli.js, set in beforeAll

function cx(args: string[], cwd = root, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  cli = built("cli.js");
});

describe("cx", () => {
  it("prints its version and help", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(cx(["--version"]).stdout.trim()).toBe(`cx ${pkg.version}`);
    const help = cx(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/cx check \[PATH…\]/);
    expect(cx(["eval", "--help"]).stdout).toMatch(/--as-of YYYY-MM-DD/);
  });

  it("exits 2 on usage errors, with a message on standard error", () => {
    for (const args of [["frobnicate"], ["eval", "--format", "xml", "samples/retail"], ["eval", "--as-of", "yesterday", "samples/retail"], ["eval", "no/such/dir"], ["eval", "--bogus"]]) {
      const r = cx(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^cx: /);
    }
    const empty = mkdtempSync(join(tmpdir(), "cx-empty-"));
    const r = cx(["check", empty]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no \.cx files found/);
  });

  it("evaluates the retail sample: a scorecard, exit 0 (missed goals there are warnings)", () => {
    const r = cx(["eval", "samples/retail"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CX scorecard · as of 2026-06-30/);
    expect(r.stdout).toMatch(/✓ checkout_csat\s+Checkout CSAT\s+81\.1%/);
    expect(r.stdout).toMatch(/goals ✓ 15 met {2}⚠ 6 at risk {2}✗ 3 missed/);
    // Version 2 in the scorecard: a compared metric with its significance, a goal for every group,
    // the funnel, the retention curve and the drivers.
    expect(r.stdout).toMatch(/showroom_nps .* missed in 1 of 6 groups/);
    expect(r.stdout).toMatch(/every_showroom_nps not met: ✗ Köln /);
    expect(r.stdout).toMatch(/München .*▲ \+37\.0 pts, significant \(p < 0\.001\)/);
    expect(r.stdout).toMatch(/Köln .*▼ −12\.2 pts, not significant/);
    expect(r.stdout).toMatch(/▼ −4\.8 pts vs previous 90 days, not significant/);
    expect(r.stdout).toMatch(/^Funnels\n {2}purchase \(Online purchase funnel\) {2}14\.4% of 1,683 customers/m);
    expect(r.stdout).toMatch(/^Retention\n {2}customer_retention /m);
    expect(r.stdout).toMatch(/^Drivers\n {2}recommendation_drivers \(What drives recommendation\) {2}outcome recommend · n=757/m);
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colour when not a terminal
  });

  it("matches the sample's independently computed expectations", () => {
    const expected = JSON.parse(readFileSync(join(root, "samples/retail/expected.json"), "utf8")) as Expectations;
    const report = JSON.parse(cx(["eval", "samples/retail", "--format", "json"]).stdout);
    // Every metric, goal, journey, funnel, cohort and drivers analysis of the sample is pinned.
    const names = (xs: { name: string }[] | undefined) => (xs ?? []).map((x) => x.name).sort();
    expect(names(report.metrics)).toEqual(Object.keys(expected.metrics!).sort());
    expect(names(report.goals)).toEqual(Object.keys(expected.goals!).sort());
    expect(names(report.funnels)).toEqual(Object.keys(expected.funnels!).sort());
    expect(names(report.cohorts)).toEqual(Object.keys(expected.cohorts!).sort());
    expect(names(report.drivers)).toEqual(Object.keys(expected.drivers!).sort());
    for (const m of report.metrics) expect(m.value, m.name).not.toBeNull();
    expect(checkReport(report, expected)).toEqual([]);
    // The relative weights: they add up to 1, and R² (checked above against the least-squares fit)
    // is the sum of the raw weights.
    for (const d of report.drivers) {
      const sum = d.drivers.reduce((s: number, x: { importance: number }) => s + x.importance, 0);
      expect(Math.abs(sum - 1), d.name).toBeLessThan(1e-9);
      for (const x of d.drivers) expect(x.importance, `${d.name}.${x.name}`).toBeGreaterThan(0);
    }
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity !== "info")).toEqual([]);
  });

  it("evaluates the product-launch sample: what one overall NPS hides, exit 0", () => {
    expect(cx(["check", "samples/product-launch"]).status).toBe(0);
    expect(cx(["fmt", "--check", "samples/product-launch"]).status).toBe(0);
    const text = cx(["eval", "samples/product-launch"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/✓ launch_nps +Launch NPS +25\.7 pts +n=900 +met/);
    const expected = JSON.parse(readFileSync(join(root, "samples/product-launch/expected.json"), "utf8")) as Expectations;
    const report = JSON.parse(cx(["eval", "samples/product-launch", "--format", "json"]).stdout);
    expect(checkReport(report, expected)).toEqual([]);
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity !== "info")).toEqual([]);
    // The story: store staff and availability are the two most important drivers and the two
    // lowest-rated touchpoints; the journey makes availability the priority.
    const drivers = report.drivers[0].drivers as { name: string; importance: number; mean: number }[];
    const top = [...drivers].sort((a, b) => b.importance - a.importance).slice(0, 2).map((d) => d.name).sort();
    expect(top).toEqual(["availability", "store_staff"]);
    expect(drivers.filter((d) => top.includes(d.name)).reduce((s, d) => s + d.importance, 0)).toBeGreaterThan(0.9);
    expect([...drivers].sort((a, b) => a.mean - b.mean).slice(0, 2).map((d) => d.name).sort()).toEqual(top);
    const steps = report.journeys[0].steps as { touchpoint: string; priority?: boolean; weakest?: boolean }[];
    expect(steps.filter((s) => s.priority).map((s) => s.touchpoint)).toEqual(["availability"]);
  });

  it("the READMEs quote real output: every line of their output excerpts is a line cx prints", () => {
    const printed = new Set(
      [cx(["eval", "samples/retail"]), cx(["check", "samples/broken"]), cx(["eval", "samples/product-launch"])].flatMap((r) => r.stdout.split("\n")),
    );
    for (const readme of ["README.md", "samples/product-launch/README.md"]) {
      // Fenced blocks without a language are output excerpts ("…" marks left-out lines).
      const quoted: string[] = [];
      let fence: string | null = null;
      for (const line of readFileSync(join(root, readme), "utf8").split("\n")) {
        if (fence === null && line.startsWith("```")) fence = line.slice(3);
        else if (fence !== null && line === "```") fence = null;
        else if (fence === "" && line !== "" && line !== "…") quoted.push(line);
      }
      expect(quoted.length, readme).toBeGreaterThan(10);
      for (const line of quoted) expect(printed.has(line), `${readme}: ${line}`).toBe(true);
    }
  });

  it("shows data-file excerpts in the source's encoding", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-enc-"));
    writeFileSync(join(ws, "d.csv"), Buffer.from("name;score\r\nK\xf6ln;x\r\n", "latin1"));
    writeFileSync(join(ws, "main.cx"), 'source s { file: "d.csv" encoding: windows-1252 delimiter: ";" columns { name: text score: integer } }\nmetric m { value: avg(s.score) }\n');
    const r = cx(["eval", ".", "--as-of", "2026-06-30"], ws);
    expect(r.stdout).toContain("2 │ Köln;x");
    expect(r.stdout).not.toContain("\ufffd");
  });

  it("reports broken definitions with a snippet and caret, exit 1", () => {
    const r = cx(["check", "samples/broken"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("samples/broken/broken.cx:50:11 - error CX2001: Unknown metric 'chekout_csat'. Did you mean 'checkout_csat'?");
    expect(r.stdout).toMatch(/50 │ {3}metric: chekout_csat\n {3}│ {11}\^{12}/);
    expect(r.stdout).toMatch(/3 errors · 1 warning/);
  });

  it("--fail-on decides which goal outcomes fail the run", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-failon-"));
    writeFileSync(join(ws, "data.csv"), "score\n3\n4\n");
    writeFileSync(join(ws, "main.cx"), 'source s { file: "data.csv" }\nmetric avg_score { value: avg(s.score) }\ngoal high { metric: avg_score target: >= 5 warn: >= 3 }\ngoal low { metric: avg_score target: >= 4 severity: warning }\n');
    expect(cx(["eval", ws]).status).toBe(0); // high is at risk, low (warning) is missed
    expect(cx(["eval", ws, "--fail-on", "at_risk"]).status).toBe(1);
    writeFileSync(join(ws, "main.cx"), 'source s { file: "data.csv" }\nmetric avg_score { value: avg(s.score) }\ngoal high { metric: avg_score target: >= 5 }\n');
    expect(cx(["eval", ws]).status).toBe(1);
    expect(cx(["eval", ws, "--fail-on=never"]).status).toBe(0);
    writeFileSync(join(ws, "cx.yaml"), "failOn: never\n");
    expect(cx(["eval", ws]).status).toBe(0);
  });

  it("cx.yaml include chooses the .cx files a directory contributes", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-include-"));
    writeFileSync(join(ws, "data.csv"), "score\n3\n");
    writeFileSync(join(ws, "main.cx"), 'source s { file: "data.csv" }\nmetric m { value: count(s) }\ngoal g { metric: m target: >= 1 }\n');
    cpSync(join(root, "samples/broken/broken.cx"), join(ws, "drafts-broken.cx"));
    expect(cx(["check", ws]).status).toBe(1); // every .cx file: the broken draft fails
    writeFileSync(join(ws, "cx.yaml"), 'include: ["m*.cx"]\n');
    const r = cx(["check", ws, "--format", "json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).files.map((f: string) => f.split("/").pop())).toEqual(["main.cx"]);
  });

  it("writes --output files and honours --as-of", () => {
    const out = join(mkdtempSync(join(tmpdir(), "cx-out-")), "report.json");
    const r = cx(["eval", "samples/retail", "--format", "json", "--output", out, "--as-of", "2026-03-31"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.asOf).toBe("2026-03-31");
    expect(report.cx).toBe(1);
  });

  it("check reads the headers of sources with columns, every record and value with --data; sources without columns whole", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-check-data-"));
    const rows = Array.from({ length: 200 }, (_, i) => (i === 150 ? "7\n" : i === 170 ? "seven,x\n" : `${i % 11},x\n`)).join("");
    writeFileSync(join(ws, "declared.csv"), "score,comment\n" + rows);
    writeFileSync(join(ws, "inferred.csv"), "score,comment\n1,a\n2,b\n");
    writeFileSync(
      join(ws, "main.cx"),
      [
        'source d { file: "declared.csv" columns { score: integer, comment: text, missing_col: text } }',
        'source i { file: "inferred.csv" }',
        "metric ok { value: avg(d.score) }",
        // inferred.csv's comment is text (from its values): averaging it is an error check must find.
        "metric bad { value: avg(i.comment) }",
        "",
      ].join("\n"),
    );
    const codesOf = (args: string[]) => (JSON.parse(cx(args).stdout).diagnostics as { code: string; file: string; severity: string }[]).map((d) => `${d.code} ${d.file.split("/").pop()} ${d.severity}`).sort();
    const headers = codesOf(["check", ws, "--format", "json"]);
    expect(headers).toContain("CX4002 main.cx error"); // missing_col: from the header
    expect(headers.some((c) => c.startsWith("CX3") || c.startsWith("CX2"))).toBe(true); // avg over text
    expect(headers.filter((c) => c.startsWith("CX4004") || c.startsWith("CX4003"))).toEqual([]); // lines 152 and 172 are not read
    // --data: every record read, every declared column converted, as `cx eval` does.
    const data = codesOf(["check", "--data", ws, "--format", "json"]);
    expect(data).toEqual([...headers, "CX4003 declared.csv warning", "CX4004 declared.csv warning"].sort());
    const evaluated = codesOf(["eval", ws, "--format", "json"]);
    expect(evaluated).toContain("CX4004 declared.csv warning");
    expect(evaluated).toContain("CX4003 declared.csv warning");
  });

  it("check --data finds in the data exactly what eval finds (conformance cases and the retail sample)", () => {
    const cases = join(root, "../shared/conformance");
    const dirs = [join(cases, "cases/diag-data"), ...readdirSync(join(cases, "cases-v2")).map((d) => join(cases, "cases-v2", d)), join(root, "samples/retail")];
    const dataCodes = (args: string[]) =>
      (JSON.parse(cx(args).stdout).diagnostics as { code: string; file: string; line: number; column: number }[])
        .filter((d) => /^CX400[1-59]$/.test(d.code))
        .map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)
        .sort();
    let withData = 0;
    for (const dir of dirs) {
      const evaluated = dataCodes(["eval", "--format", "json", dir]);
      expect(dataCodes(["check", "--data", "--format", "json", dir]), dir).toEqual(evaluated);
      if (evaluated.some((c) => /^CX400[349]/.test(c))) withData++;
    }
    expect(withData).toBeGreaterThanOrEqual(3); // (cases with CX4003, CX4004 or CX4009 in their data)
  });

  it("check --format json has no metrics, goals or journeys", () => {
    const report = JSON.parse(cx(["check", "samples/retail", "--format", "json"]).stdout);
    expect(Object.keys(report).sort()).toEqual(["asOf", "cx", "diagnostics", "files", "summary"]);
    expect(report.summary.goals).toEqual({ met: 0, at_risk: 0, missed: 0, no_data: 0 });
  });

  it("fmt --check reports files that would change; fmt rewrites them idempotently", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-fmt-"));
    cpSync(join(root, "samples/retail"), ws, { recursive: true });
    expect(cx(["fmt", "--check", ws]).status).toBe(0);
    const file = join(ws, "goals.cx");
    const messy = "goal   x{metric:clv target:>=1;severity:warning}\n";
    writeFileSync(file, readFileSync(file, "utf8") + "\n" + messy);
    const check = cx(["fmt", "--check", ws]);
    expect(check.status).toBe(1);
    expect(check.stdout.trim()).toMatch(/goals\.cx$/);
    expect(cx(["fmt", ws]).status).toBe(0);
    const once = readFileSync(file, "utf8");
    expect(once).toContain("goal x {\n  metric: clv\n  target: >= 1\n  severity: warning\n}\n");
    expect(cx(["fmt", "--check", ws]).status).toBe(0);
  });

  it("refuses data reached through a symbolic link that leaves the workspace (CX4005), reading nothing", () => {
    const outside = mkdtempSync(join(tmpdir(), "cx-outside-"));
    writeFileSync(join(outside, "secret.csv"), "password\nhunter2\n");
    const ws = mkdtempSync(join(tmpdir(), "cx-ws-"));
    symlinkSync(join(outside, "secret.csv"), join(ws, "data.csv"));
    writeFileSync(join(ws, "main.cx"), 'source s { file: "data.csv" }\nmetric m { value: count(s) }\ngoal g { metric: m target: >= 1 }\n');
    const r = cx(["eval", ws, "--format", "json"]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const d = report.diagnostics.find((x: { code: string }) => x.code === "CX4005");
    expect(d).toMatchObject({ line: 1, severity: "error" });
    expect(d.message).toMatch(/symbolic link/);
    expect(r.stdout).not.toContain("hunter2");
    expect(report.metrics[0].value).toBeNull();
  });

  it("never crashes on hostile input: binary junk and a missing data file", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-junk-"));
    writeFileSync(join(ws, "junk.cx"), Buffer.from([0, 255, 1, 34, 123, 10, 109, 101, 116, 114, 105, 99]));
    writeFileSync(join(ws, "main.cx"), 'source s { file: "nope.csv" }\nmetric m { value: count(s) }\ngoal g { metric: m target: >= 1 }\n');
    const r = cx(["eval", ws, "--format", "json"]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toContain("CX4001");
    // The junk file gets syntax diagnostics located in it; the other file is still checked.
    const junk = report.diagnostics.filter((d: { file: string }) => d.file.endsWith("junk.cx"));
    expect(junk.length).toBeGreaterThan(0);
    expect(junk.every((d: { code: string; line: number }) => /^CX1\d{3}$/.test(d.code) && d.line >= 1)).toBe(true);
  });

  it("bare cx is a usage error: the usage on standard error, exit 2", () => {
    const r = cx([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^cx — customer-experience metrics as code/);
    expect(r.stderr).toMatch(/cx check \[PATH…\]/);
  });

  it("every command's --help lists every option that works for it, and only those", () => {
    for (const command of ["check", "eval", "fmt", "diff"]) {
      const help = cx([command, "--help"]);
      expect(help.status).toBe(0);
      for (const o of OPTIONS) {
        const listed = new RegExp(`^ +${o.alias ? `${o.alias}, ` : ""}${o.name}\\b`, "m").test(help.stdout);
        expect(listed, `${command} --help and ${o.name}`).toBe(o.commands.includes(command as never));
      }
    }
    const doc = readFileSync(join(root, "docs/cli.md"), "utf8");
    for (const o of OPTIONS) expect(doc, `docs/cli.md and ${o.name}`).toContain(`\`${o.name}`);
    const r = cx(["fmt", "samples/retail", "--as-of", "2026-01-01"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cx: --as-of does not apply to cx fmt/);
  });

  it("a file that cannot be written or read is one line on standard error, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-io-"));
    const cases: [string[], string][] = [
      [["eval", "test/fixtures/reports/clean", "--output", "/no/such/dir/x.txt"], "cx: cannot write /no/such/dir/x.txt: no such directory\n"],
      [["check", "test/fixtures/reports/clean", "--format", "json", "--output", dir], `cx: cannot write ${dir}: is a directory\n`],
      [["fmt", "test/fixtures/reports/clean/clean.cx", "--output", "/no/such/dir/x.cx"], "cx: cannot write /no/such/dir/x.cx: no such directory\n"],
    ];
    if (process.platform === "linux") {
      // A file whose first read fails (EIO), even for root.
      const ws = mkdtempSync(join(tmpdir(), "cx-unreadable-"));
      symlinkSync("/proc/self/mem", join(ws, "a.cx"));
      cases.push([["check", join(ws, "a.cx")], `cx: cannot read ${join(ws, "a.cx")}: input/output error\n`]);
      cases.push([["fmt", join(ws, "a.cx")], `cx: cannot read ${join(ws, "a.cx")}: input/output error\n`]);
    }
    for (const [args, stderr] of cases) {
      const r = cx(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toBe(stderr);
      expect(r.stdout).toBe("");
    }
  });

  it("messages quoting user input escape control characters; a closed pipe is no error", () => {
    const r = cx(["eval", "no\u001b[31msuch"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("cx: no such file or directory: no\\x1b[31msuch\nRun 'cx --help' for usage.\n");
    const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${cli}" eval samples/retail --format sarif | head -c 10 > /dev/null`], { cwd: root, encoding: "utf8" });
    expect(piped.stderr).toBe("");
  });

  it("echoes paths relative to the current directory when inside it, else absolute (never ../..)", () => {
    const abs = JSON.parse(cx(["check", join(root, "test/fixtures/reports/clean"), "--format", "json"]).stdout);
    expect(abs.files).toEqual(["test/fixtures/reports/clean/clean.cx"]);
    const outside = mkdtempSync(join(tmpdir(), "cx-abs-"));
    cpSync(join(root, "test/fixtures/reports/syntax"), outside, { recursive: true });
    const r = cx(["check", outside]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${outside}/broken.cx:`);
    expect(r.stdout).not.toContain("../");
    const json = JSON.parse(cx(["check", outside, "--format", "json"]).stdout);
    expect(json.files).toEqual([`${outside}/broken.cx`]);
    const sarif = JSON.parse(cx(["check", outside, "--format", "sarif"]).stdout);
    expect(sarif.runs[0].artifacts[0].location).toEqual({ uri: `file://${outside}/broken.cx` });
  });
});

describe("cx fmt", () => {
  const messy = "goal   x{metric:clv target:>=1}\n";
  const tidy = "goal x {\n  metric: clv\n  target: >= 1\n}\n";

  it("leaves a file with invalid UTF-8 byte for byte as it is, reports CX1003 and exits 1 (also with --check)", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-fmt-utf8-"));
    const bytes = Buffer.concat([Buffer.from('metric   m {\n  label: "caf'), Buffer.from([0xe9]), Buffer.from('"\n  value: 1\n}\n')]);
    writeFileSync(join(ws, "bad.cx"), bytes);
    writeFileSync(join(ws, "ok.cx"), messy);
    for (const args of [["fmt", ws], ["fmt", "--check", ws]]) {
      const r = cx(args);
      expect(r.status, args.join(" ")).toBe(1);
      expect(readFileSync(join(ws, "bad.cx")).equals(bytes)).toBe(true);
      expect(r.stderr).toMatch(/bad\.cx: not formatted \(left unchanged\): invalid UTF-8/);
      expect(r.stderr).toMatch(/bad\.cx:2:14 - error CX1003: /);
    }
    expect(readFileSync(join(ws, "ok.cx"), "utf8")).toBe(tidy); // the other file was formatted
    const json = cx(["fmt", ws, "--format", "json", "--check"]);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.files).toEqual([
      { file: `${ws}/bad.cx`, changed: null, written: false },
      { file: `${ws}/ok.cx`, changed: false, written: false },
    ]);
    expect(out.diagnostics).toMatchObject([{ code: "CX1003", line: 2, column: 14, severity: "error" }]);
    expect(out.summary).toEqual({ files: 2, changed: 0, failed: 1 });
  });

  it("--format json reports each file; --output writes one formatted file and leaves the input alone", () => {
    const ws = mkdtempSync(join(tmpdir(), "cx-fmt-json-"));
    writeFileSync(join(ws, "a.cx"), messy);
    writeFileSync(join(ws, "b.cx"), tidy);
    const check = cx(["fmt", "--check", "--format", "json", ws]);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toEqual({
      cx: 1,
      check: true,
      files: [
        { file: `${ws}/a.cx`, changed: true, written: false },
        { file: `${ws}/b.cx`, changed: false, written: false },
      ],
      diagnostics: [],
      summary: { files: 2, changed: 1, failed: 0 },
    });
    const out = join(ws, "out", "a.formatted.cx");
    mkdirSync(join(ws, "out"));
    const one = cx(["fmt", join(ws, "a.cx"), "--output", out]);
    expect(one.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(tidy);
    expect(readFileSync(join(ws, "a.cx"), "utf8")).toBe(messy);
    for (const args of [["fmt", ws, "--output", out], ["fmt", join(ws, "a.cx"), "--output", out, "--check"], ["fmt", join(ws, "a.cx"), "--output", out, "--format", "json"], ["fmt", ws, "--format", "sarif"]]) {
      const r = cx(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^cx: /);
    }
    const write = cx(["fmt", "--format", "json", ws]);
    expect(write.status).toBe(0);
    expect(JSON.parse(write.stdout).files[0]).toEqual({ file: `${ws}/a.cx`, changed: true, written: true });
    expect(readFileSync(join(ws, "a.cx"), "utf8")).toBe(tidy);
  });
});

