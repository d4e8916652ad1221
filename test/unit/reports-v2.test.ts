// The version-2 report in every format (cli.md "Report fields", "Text, markdown and the preview
// show the same", "Sample size, one meaning everywhere"), from a hand-written report with every new
// field: test/fixtures/reports/hand/v2.json. Golden files: test/golden/v2/ — they change only on
// purpose: `UPDATE_GOLDEN=1 npx vitest run test/unit/reports-v2.test.ts`, then review the diff.
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { FORMATS } from "../../server/src/cli/formats/index";
import { distinctValues, goalGroups, pText, signedChange } from "../../server/src/cli/formats/common";
import type { RenderContext } from "../../server/src/cli/formats/types";
import type { Report } from "../../server/src/core/report";

const root = resolve(__dirname, "../..");
const report = JSON.parse(readFileSync(join(root, "test/fixtures/reports/hand/v2.json"), "utf8")) as Report;
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const EXT: Record<string, string> = { text: "txt", json: "json", junit: "xml", sarif: "sarif", markdown: "md", github: "txt" };

function golden(name: string, actual: string): void {
  const file = join(root, "test/golden/v2", name);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file test/golden/v2/${name}; create it with UPDATE_GOLDEN=1`);
  expect(actual, `differs from test/golden/v2/${name} (UPDATE_GOLDEN=1 to accept a deliberate change)`).toBe(readFileSync(file, "utf8"));
}

function context(quiet = false): RenderContext {
  return {
    command: "eval",
    color: false,
    quiet,
    cwd: root,
    sourceLine: (file, line) => readFileSync(join(root, file), "utf8").split(/\r?\n/)[line - 1],
  };
}

const render = (format: string, quiet = false) => FORMATS[format](report, context(quiet));

describe("the version-2 report", () => {
  it.each(Object.keys(EXT))("--format %s matches its golden file", (format) => {
    golden(`eval.${format}.${EXT[format]}`, render(format));
  });

  it("text --quiet matches its golden file", () => {
    golden("eval.quiet.txt", render("text", true));
  });

  it("text: changes with arrow and significance, groups not met, funnels, retention, drivers", () => {
    const out = render("text");
    expect(out).toContain("      ▲ +6.2 pts vs previous 90 days, significant (p = 0.031)");
    expect(out).toContain("      ▼ −2.1 pts vs same 3 months last year, not significant (p = 0.41)");
    expect(out).toMatch(/north +12\.0 pts {2}n=40 +▼ −8\.0 pts, not significant \(p = 0\.41\)/);
    expect(out).toMatch(/south +45\.5 pts {2}n=278 {2}▲ \+9\.3 pts, significant \(p < 0\.001\)/);
    expect(out).toContain("no value for previous 30 days");
    expect(out).toMatch(/✗ store_nps +Store NPS +29\.6 pts {2}n=883 {2}missed in 1 of 5 groups, at risk in 1 \(≥ 30\.0 pts\)/);
    expect(out).toContain("every_store_nps not met: ✗ north 1.3 pts · ⚠ south 25.0 pts");
    expect(out).toMatch(/checkout \(Checkout\) +480 +40\.0% +40\.0%/);
    expect(out).toMatch(/^ {4}3 +62\.0% +310 +500$/m);
    // Drivers by importance: delivery, checkout, support, then the one without an importance.
    const order = ["delivery (Delivery)", "checkout (Checkout)", "support (Support)", "constant"].map((d) => out.lastIndexOf(`    ${d} `));
    expect(order.every((x, i) => x > 0 && (i === 0 || x > order[i - 1]))).toBe(true);
    expect(out).toContain("outcome recommend · n=640 · R² = 0.47");
    // --quiet still names the groups that are not met.
    expect(render("text", true)).toContain("every_store_nps not met: ✗ north 1.3 pts · ⚠ south 25.0 pts");
  });

  it("markdown: failing groups in the goals table, a Change column, changes by group, funnel, retention and drivers tables", () => {
    const out = render("markdown");
    expect(out).toMatch(/\| ❌ missed in 1 of 5 groups, at risk in 1 \| .*`every_store_nps`.* \| ❌ north 1\.3 pts<br>⚠️ south 25\.0 pts \|/);
    expect(out).toContain("| Touchpoint | Metric | Value | n | Change | Goals |");
    expect(out).toContain("▲ +6.2 pts vs previous 90 days, significant (p = 0.031)");
    expect(out).toContain("### Changes by group");
    expect(out).toContain("| Step | Customers | From previous | From first |");
    expect(out).toContain("| 3 | 62.0% | 310 | 500 |");
    expect(out).toContain("| `delivery` Delivery | 52.0% | 0.61 | 3.9 |");
  });

  it("github, sarif and junit: scope-groups goals name the groups, compared metrics their significance", () => {
    const gh = render("github");
    expect(gh).toContain("Goal 'every_store_nps' missed: store_nps missed in 1 of 5 groups, at risk in 1 (worst: north 1.3 pts), target ≥ 30.0 pts, warn ≥ 20.0 pts.");
    expect(gh).toContain("checkout_csat is 81.2%25, n=290, target ≥ 85.0%25, warn ≥ 80.0%25; ▼ −2.1 pts vs same 3 months last year, not significant (p = 0.41).");
    const sarif = JSON.parse(render("sarif"));
    const goal = sarif.runs[0].results.find((r: { properties?: { goal?: string } }) => r.properties?.goal === "every_store_nps");
    expect(goal.message.text).toContain("missed in 1 of 5 groups, at risk in 1 (worst: north 1.3 pts)");
    expect(goal.properties.worstGroup).toEqual({ key: { store: "north" }, value: 1.3, status: "missed" });
    expect(goal.properties.groupsNotMet.map((g: { key: { store: string } }) => g.key.store)).toEqual(["north", "south"]);
    const junit = render("junit");
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain("store_nps missed in 1 of 5 groups, at risk in 1 (worst: north 1.3 pts)");
  });

  it("shows the report's n as the sample size, never rows, and no sample size when n is null", () => {
    // rows differ from n on purpose in v2.json: checkout_nps 340 vs n 318, checkout_csat 300 vs 290,
    // first_reply 500 vs 488, a group 41 vs 40; revenue_per_order has rows 1157 and n null.
    for (const format of ["text", "markdown", "github", "junit", "sarif"]) {
      const out = render(format);
      for (const rows of ["340", "1,157", "1157", "n=300", "n=500"]) expect(out, `${format}: ${rows}`).not.toContain(rows);
      expect(out, format).not.toMatch(/n=41\b/);
      expect(out, format).not.toMatch(/"(sample|rows)"/);
    }
    const text = render("text");
    expect(text).toContain("n=318");
    expect(text).toMatch(/revenue_per_order +Revenue per order +€47\.39\n/);
    expect(render("markdown")).toMatch(/`revenue_per_order` Revenue per order \| €47\.39 \| {2}\|/);
    expect(render("github")).toContain("n=290");
  });

  it("helpers: signed changes, p-values, distinct precision, worst group", () => {
    expect(signedChange({ unit: "percent" }, 0.062)).toBe("+6.2 pts");
    expect(signedChange({ unit: "points" }, -8)).toBe("−8.0 pts");
    expect(signedChange({ unit: "minutes" }, 3.25)).toBe("+3.25 min");
    expect(signedChange({ unit: "count" }, 0)).toBe("±0");
    expect(signedChange({ unit: "percent" }, 0.00004)).toBe("+0.004 pts"); // grows until it is not zero
    expect(pText(0.0312)).toBe("p = 0.031");
    expect(pText(0.0004)).toBe("p < 0.001");
    expect(distinctValues({ unit: null }, 3.2359, 3.2405)).toEqual({ a: "3.236", b: "3.241", decimals: 3 });
    expect(distinctValues({ unit: "percent" }, 0.812341, 0.812344)).toEqual({ a: "81.2341%", b: "81.2344%", decimals: 4 });
    expect(distinctValues({ unit: "points" }, 41.2, 38.9)).toEqual({ a: "41.2 pts", b: "38.9 pts", decimals: undefined });
    expect(goalGroups(report.goals![2])!.worst!.key).toEqual({ store: "north" });
  });
});
