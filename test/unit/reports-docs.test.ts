// docs/ci.md: the pipelines are valid YAML, do what the page promises, and every `cx` command in
// them uses options that `cx COMMAND --help` lists (so the recipes follow the CLI).
import { built } from "../support/dist";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

const root = resolve(__dirname, "../..");
const doc = readFileSync(join(root, "docs/ci.md"), "utf8");
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}

/** Every `$CX …` invocation in a shell text, as argument lists (quotes removed, variables kept as written). */
function cxCommands(shell: string): string[][] {
  const out: string[][] = [];
  for (const m of shell.matchAll(/\$CX\s+([^|>\n;]+)/g)) out.push(m[1].trim().split(/\s+/).map((a) => a.replace(/^"|"$/g, "")));
  return out;
}

const help = new Map<string, string>();

beforeAll(() => {
  const cli = built("cli.js");
  for (const command of ["check", "eval", "fmt", "diff"]) {
    help.set(command, spawnSync(process.execPath, [cli, command, "--help"], { encoding: "utf8" }).stdout);
  }
});

describe("docs/ci.md", () => {
  it("has a GitHub Actions workflow that checks, evaluates, uploads SARIF, writes the job summary and comments the diff", () => {
    const wf = parse(blocks.find((b) => b.includes("runs-on"))!) as { on: unknown; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    expect(wf.permissions).toMatchObject({ "security-events": "write", "pull-requests": "write" });
    const steps = Object.values(wf.jobs)[0].steps;
    const runs = steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toMatch(/\$CX check --format github/);
    expect(runs).toMatch(/\$CX eval --format sarif --output cx\.sarif/);
    expect(runs).toMatch(/--format markdown[^\n]*>> "\$GITHUB_STEP_SUMMARY"/);
    expect(runs).toMatch(/\$CX diff --base "origin\/\$\{\{ github\.base_ref \}\}" --format markdown/);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!;
    expect(upload.with).toMatchObject({ sarif_file: "cx.sarif" });
    expect(upload.if).toMatch(/always\(\)/);
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout"))!.with).toMatchObject({ "fetch-depth": 0 });
    expect(steps.some((s) => s.uses?.startsWith("actions/github-script") && String(s.with?.script).includes("cx-diff.md"))).toBe(true);
  });

  it("has a GitLab CI pipeline with a JUnit report artifact and an optional code-quality report", () => {
    const ci = parse(blocks.find((b) => b.includes("stages:"))!) as Record<string, { script?: string[]; after_script?: string[]; artifacts?: { when?: string; reports?: Record<string, string> } }>;
    expect(ci.cx.artifacts).toMatchObject({ when: "always", reports: { junit: "cx-junit.xml", codequality: "gl-code-quality-report.json" } });
    expect(ci.cx.script!.join("\n")).toMatch(/\$CX eval --format junit --output cx-junit\.xml/);
    expect(ci["cx-diff"].script!.join("\n")).toMatch(/\$CX diff --base "origin\/\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown/);
  });

  it("uses only options the CLI knows", () => {
    const commands = blocks.flatMap((b) => cxCommands(b));
    expect(commands.length).toBeGreaterThan(8);
    for (const args of commands) {
      const command = args[0];
      expect(help.has(command), args.join(" ")).toBe(true);
      for (const a of args.filter((x) => x.startsWith("--"))) expect(help.get(command), `${a} in cx ${args.join(" ")}`).toContain(a);
    }
  });
});
