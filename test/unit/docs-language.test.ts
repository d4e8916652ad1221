// docs/language.md: the guide's examples are real `.cx`. Every ```cx block parses without a syntax
// error (a block marked `<!-- fragment -->` on the line before it is a piece of a declaration and
// is skipped). A block marked `<!-- workspace: NAME -->` (or `<!-- workspace: NAME FILE.cx -->`) is
// also evaluated with the CLI, as main.cx (or FILE.cx) of the workspace test/fixtures/docs/NAME,
// which holds the data, cx.yaml and the .cx declarations the example leaves out; blocks with the
// same NAME are files of one workspace. It must have no error and no warning, and every metric,
// funnel, cohort and drivers analysis must have a value.
import { built } from "../support/dist";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "../../server/src/core/syntax";

const root = resolve(__dirname, "../..");
const doc = readFileSync(join(root, "docs/language.md"), "utf8");

interface Block {
  line: number; // 1-based line of the block's first line of code
  text: string;
  marker: string; // the HTML comment on the line before the fence, if any
}

function cxBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  let fence: string | null = null;
  let current: Block | undefined;
  lines.forEach((line, i) => {
    const t = line.trim();
    if (fence === null && t.startsWith("```")) {
      fence = t.slice(3);
      const before = (lines[i - 1] ?? "").trim();
      current = fence === "cx" ? { line: i + 2, text: "", marker: /^<!--.*-->$/.test(before) ? before : "" } : undefined;
    } else if (fence !== null && t === "```") {
      if (current) out.push(current);
      fence = null;
      current = undefined;
    } else if (current) current.text += line + "\n";
  });
  return out;
}

const blocks = cxBlocks(doc);

describe("docs/language.md", () => {
  let cli = "";
  beforeAll(() => {
    cli = built("cli.js");
  });

  it("has cx examples, and marks the full workspaces among them", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    expect(blocks.filter((b) => b.marker.startsWith("<!-- workspace:")).length).toBeGreaterThanOrEqual(12);
  });

  for (const b of blocks) {
    if (b.marker === "<!-- fragment -->") continue;
    it(`the block at line ${b.line} parses without a syntax error`, () => {
      const r = parse(b.text, `language.md:${b.line}`);
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    });
  }

  // Blocks marked with the same workspace NAME are files of one workspace (main.cx unless the
  // marker names the file).
  const workspaces = new Map<string, { file: string; block: Block }[]>();
  for (const b of blocks) {
    const m = /^<!-- workspace: ([\w-]+)(?: ([\w-]+\.cx))? -->$/.exec(b.marker);
    if (!m) continue;
    if (!workspaces.has(m[1])) workspaces.set(m[1], []);
    workspaces.get(m[1])!.push({ file: m[2] ?? "main.cx", block: b });
  }
  for (const [name, files] of workspaces) {
    const lines = files.map((f) => f.block.line).join(", ");
    it(`the blocks at lines ${lines} evaluate in test/fixtures/docs/${name} without errors or warnings`, () => {
      const fixture = join(root, "test/fixtures/docs", name);
      expect(existsSync(fixture), fixture).toBe(true);
      const ws = mkdtempSync(join(tmpdir(), `cx-docs-${name}-`));
      cpSync(fixture, ws, { recursive: true });
      for (const f of files) {
        expect(existsSync(join(ws, f.file)), `${f.file} is also a fixture file`).toBe(false);
        writeFileSync(join(ws, f.file), f.block.text);
      }
      const r = spawnSync(process.execPath, [cli, "eval", ws, "--format", "json", "--fail-on", "never"], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      const report = JSON.parse(r.stdout);
      const problems = report.diagnostics.filter((d: { severity: string }) => d.severity === "error" || d.severity === "warning");
      expect(problems.map((d: { code: string; file: string; line: number; message: string }) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([]);
      expect(r.status).toBe(0);
      // Everything the example declares has a result.
      for (const x of [...report.metrics, ...(report.funnels ?? []), ...(report.cohorts ?? []), ...(report.drivers ?? [])]) {
        expect(x.value ?? x.r2 ?? null, `${x.name} (lines ${lines})`).not.toBeNull();
      }
    });
  }
});
