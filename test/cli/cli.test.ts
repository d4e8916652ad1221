// CLI tests: spawn the bundled dist/cli.js like a user or CI would, and check exit statuses and output.
import { built } from "../support/dist";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

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
    expect(r.stdout).toMatch(/goals ✓ 14 met {2}⚠ 4 at risk {2}✗ 2 missed/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colour when not a terminal
  });

  it("matches the sample's independently computed expectations", () => {
    const expected = JSON.parse(readFileSync(join(root, "samples/retail/expected.json"), "utf8"));
    const report = JSON.parse(cx(["eval", "samples/retail", "--format", "json"]).stdout);
    const metrics = new Map<string, { value: number | null }>(report.metrics.map((m: { name: string }) => [m.name, m]));
    for (const [name, value] of Object.entries(expected.metrics as Record<string, number>)) {
      const got = metrics.get(name)?.value;
      expect(got, name).not.toBeNull();
      expect(Math.abs((got as number) - value), name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
    }
    for (const [name, status] of Object.entries(expected.goals as Record<string, string>)) {
      expect(report.goals.find((g: { name: string }) => g.name === name)?.status, name).toBe(status);
    }
    for (const [name, value] of Object.entries(expected.journeys as Record<string, number>)) {
      const j = report.journeys.find((x: { name: string }) => x.name === name);
      expect(Math.abs(j.value - value), name).toBeLessThanOrEqual(1e-9);
    }
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity !== "info")).toEqual([]);
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
});
