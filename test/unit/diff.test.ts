// `cx diff`: a small git repository with two commits built in a temporary directory, compared with
// `--base HEAD~1` (read with git, no checkout) and as two directories. Values are worked out by
// hand below. Golden files: test/golden/diff/ (UPDATE_GOLDEN=1 to accept a deliberate change).
import { built } from "../support/dist";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { WorkspaceDiff } from "../../server/src/core/diff";
import { diffWorkspaces, sameValue } from "../../server/src/core/diff";
import { diffMarkdown, diffText } from "../../server/src/cli/diff-format";
import type { Report } from "../../server/src/core/report";
import type { SemanticModel } from "../../server/src/core/semantics/model";

// The tests block the worker (spawnSync, long renders); let it answer the runner between tests, or
// vitest's RPC to the main process times out ("Timeout calling onTaskUpdate").
afterEach(() => new Promise<void>((done) => setImmediate(done)));

const root = resolve(__dirname, "../..");
let cli = ""; // a private copy of dist/cli.js, set in beforeAll

const UPDATE = process.env.UPDATE_GOLDEN === "1";

function golden(name: string, actual: string): void {
  const file = join(root, "test/golden/diff", name);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file test/golden/diff/${name}; create it with UPDATE_GOLDEN=1`);
  expect(actual, `differs from test/golden/diff/${name} (UPDATE_GOLDEN=1 to accept a deliberate change)`).toBe(readFileSync(file, "utf8"));
}

function cx(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(args: string[], cwd: string): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const BASE_CX = `source surveys {
  file: "data/surveys.csv"
  timestamp: answered_at
}

metric checkout_nps {
  label: "Checkout NPS"
  value: nps(surveys.recommend)
}

metric csat {
  value: csat(surveys.satisfied)
}

metric responses {
  value: count(surveys)
}

metric old_name {
  value: count(surveys where channel == "app")
}

goal nps_goal {
  metric: checkout_nps
  target: >= 15
  warn: >= 0
}

goal csat_goal {
  metric: csat
  target: >= 60%
}

goal dropped {
  metric: responses
  target: >= 1
}
`;

// checkout_nps gets a filter, nps_goal a stricter target, old_name is renamed, dropped is removed,
// web_share is added; csat and responses are unchanged.
const HEAD_CX = BASE_CX.replace("value: nps(surveys.recommend)", 'value: nps(surveys.recommend where channel == "web")')
  .replace("target: >= 15", "target: >= 30")
  .replace("metric old_name {", "metric app_answers {")
  .replace(/goal dropped \{[^}]*\}\n/, "")
  .concat(`
metric web_share {
  value: share(surveys where channel == "web")
}
`);

const BASE_DATA = `id,channel,recommend,satisfied,answered_at
1,web,10,5,2026-06-01
2,web,9,4,2026-06-02
3,web,8,4,2026-06-03
4,web,6,2,2026-06-04
5,app,10,5,2026-06-05
6,app,3,1,2026-06-06
7,app,2,2,2026-06-07
8,web,10,5,2026-06-08
9,app,7,3,2026-06-09
10,web,9,5,2026-06-10
`;
const HEAD_DATA = BASE_DATA + "11,web,0,1,2026-06-11\n12,app,10,4,2026-06-12\n";

let repo: string;

function writeVersion(dir: string, cx: string, data: string): void {
  mkdirSync(join(dir, "ws/data"), { recursive: true });
  writeFileSync(join(dir, "ws/cx.yaml"), "asOf: 2026-06-30\n");
  writeFileSync(join(dir, "ws/main.cx"), cx);
  writeFileSync(join(dir, "ws/data/surveys.csv"), data);
}

beforeAll(() => {
  cli = built("cli.js");
  repo = mkdtempSync(join(tmpdir(), "cx-diff-test-"));
  git(["init", "-q"], repo);
  git(["config", "user.name", "CX Test"], repo);
  git(["config", "user.email", "cx-test@example.invalid"], repo);
  git(["config", "commit.gpgsign", "false"], repo);
  writeVersion(repo, BASE_CX, BASE_DATA);
  git(["add", "-A"], repo);
  git(["commit", "-q", "-m", "base"], repo);
  writeVersion(repo, HEAD_CX, HEAD_DATA);
  git(["add", "-A"], repo);
  git(["commit", "-q", "-m", "head"], repo);
});

describe("cx diff --base", () => {
  it("reports declarations, definition effects and data effects (json)", () => {
    const r = cx(["diff", "--base", "HEAD~1", "ws", "--format", "json"], repo);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as WorkspaceDiff;
    expect(d).toMatchObject({ cx: 1, base: "HEAD~1", head: "working tree", asOf: "2026-06-30" });
    expect(d.declarations.map((c) => `${c.change} ${c.kind} ${c.name}${c.from ? ` from ${c.from}` : ""}`)).toEqual([
      "changed metric checkout_nps",
      "renamed metric app_answers from old_name",
      "added metric web_share",
      "changed goal nps_goal",
      "removed goal dropped",
    ]);
    expect(d.declarations[0]).toMatchObject({ file: "ws/main.cx", line: 6, properties: [{ property: "value", before: "nps(surveys.recommend)", after: 'nps(surveys.recommend where channel == "web")' }] });
    expect(d.declarations[3].properties).toEqual([{ property: "target", before: ">= 15", after: ">= 30" }]);
    expect(d.dataFiles).toEqual([{ file: "ws/data/surveys.csv", change: "modified" }]);

    const m = new Map(d.metrics.map((x) => [x.name, x]));
    const nps = m.get("checkout_nps")!;
    // Old definition (all rows). Base data, 10 rows: promoters 1,2,5,8,10; detractors 4,6,7 → (5 − 3)/10 = 20.
    // Current data, 12 rows: + row 12 (promoter), row 11 (detractor) → (6 − 4)/12 = 16.67.
    // New definition (web rows): current data 1,2,3,4,8,10,11 → promoters 1,2,8,10, detractors 4,11 → (4 − 2)/7 = 28.57;
    // base data 1,2,3,4,8,10 → (4 − 1)/6 = 50.
    expect(nps.base!.value).toBeCloseTo(20, 10);
    expect(nps.before!.value).toBeCloseTo(100 * (2 / 12), 10);
    expect(nps.after!.value).toBeCloseTo(100 * (2 / 7), 10);
    expect(nps.newOnOld!.value).toBeCloseTo(50, 10);
    expect(nps.effect).toBe("both");
    // csat (unchanged): top two of 5 — base 6/10, current 7/12: the data only.
    const csat = m.get("csat")!;
    expect(csat.effect).toBe("data");
    expect(csat.newOnOld!.value).toBeCloseTo(0.6, 12);
    expect(csat.after!.value).toBeCloseTo(7 / 12, 12);
    expect(m.get("responses")).toMatchObject({ effect: "data", newOnOld: { value: 10 }, after: { value: 12 } });
    // A renamed metric keeps its history: old_name's values are app_answers' old ones (app rows: 4, then 5).
    expect(m.get("app_answers")).toMatchObject({ presence: "both", renamedFrom: "old_name", base: { value: 4 }, before: { value: 5 }, after: { value: 5 }, newOnOld: { value: 4 }, effect: "data" });
    expect(m.has("old_name")).toBe(false);
    expect(m.get("web_share")!.after!.value).toBeCloseTo(7 / 12, 12);

    const g = new Map(d.goals.map((x) => [x.name, x]));
    // nps_goal on the current data: old definition 16.67 ≥ 15 → met; new definition 28.57 < 30, ≥ 0 → at risk.
    // The new definition on the base data (50) is met: the data moved it too.
    expect(g.get("nps_goal")).toMatchObject({ effect: "both", before: { status: "met" }, after: { status: "at_risk", target: { op: ">=", value: 30 } }, newOnOld: { status: "met" } });
    // csat_goal: 60% met on the base data, 58.3% missed on the current data.
    expect(g.get("csat_goal")).toMatchObject({ effect: "data", newOnOld: { status: "met" }, after: { status: "missed" } });
    expect(g.get("dropped")).toMatchObject({ presence: "removed", after: null, before: { status: "met" } });
    expect(d.summary.statusChanges).toBe(1);
    // Nothing was checked out or changed in the working tree.
    expect(git(["status", "--porcelain"], repo)).toBe("");
  });

  it("text and markdown match their golden files", () => {
    const text = cx(["diff", "--base", "HEAD~1", "ws"], repo);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/checkout_nps {2,}16\.7 pts → 28\.6 pts {2}\(\+11\.9 pts\)/);
    expect(text.stdout).toMatch(/goal nps_goal +met → at risk/);
    expect(text.stdout).toMatch(/target: >= 15 → >= 30/);
    golden("git.txt", text.stdout);
    const mdOut = cx(["diff", "--base", "HEAD~1", "ws", "--format", "markdown", "--confidence", "0.95"], repo);
    expect(mdOut.status).toBe(0);
    expect(mdOut.stdout).toMatch(/^## CX diff/);
    golden("git.confidence.md", mdOut.stdout);
    golden("git.md", cx(["diff", "--base", "HEAD~1", "ws", "--format", "markdown"], repo).stdout);
  });

  it("runs from inside the workspace, with uncommitted changes, and writes --output", () => {
    const ws = join(repo, "ws");
    writeFileSync(join(ws, "main.cx"), readFileSync(join(ws, "main.cx"), "utf8").replace("target: >= 60%", "target: >= 50%"));
    try {
      const out = join(repo, "diff.json");
      const r = cx(["diff", "--base", "HEAD", "--format", "json", "--output", out], ws);
      expect(r.status).toBe(0);
      const d = JSON.parse(readFileSync(out, "utf8")) as WorkspaceDiff;
      expect(d.dataFiles).toEqual([]);
      expect(d.declarations).toEqual([{ kind: "goal", name: "csat_goal", change: "changed", file: "main.cx", line: 29, properties: [{ property: "target", before: ">= 60%", after: ">= 50%" }] }]);
      const goal = d.goals.find((x) => x.name === "csat_goal")!;
      expect(goal).toMatchObject({ effect: "definition", before: { status: "missed" }, after: { status: "met" } });
      expect(d.metrics.every((x) => x.effect === "none")).toBe(true);
    } finally {
      git(["checkout", "--", "ws/main.cx"], repo);
    }
  });

  it("exits 2 on usage errors", () => {
    const cases: [string[], RegExp][] = [
      [["diff"], /needs --base REV, or two directories/],
      [["diff", "--base", "no-such-rev", "ws"], /unknown git revision 'no-such-rev'/],
      [["diff", "--base", "HEAD~1", "ws", "--format", "sarif"], /unknown format 'sarif' for cx diff/],
      [["diff", "only-one-dir"], /needs --base REV, or two directories/],
      [["diff", "ws", "nope"], /not a directory: nope/],
      [["eval", "ws", "--base", "HEAD"], /--base does not apply to cx eval/],
      [["diff", "--base", "HEAD~1", "HEAD"], /no such file or directory: HEAD \(to compare with the revision HEAD, write --head HEAD\)/],
      [["diff", "--head", "HEAD", "ws"], /--head needs --base REV/],
      [["diff", "--base", "HEAD~1", "--head", "nope", "ws"], /unknown git revision 'nope'/],
    ];
    for (const [args, message] of cases) {
      const r = cx(args, repo);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    const outside = mkdtempSync(join(tmpdir(), "cx-nogit-"));
    writeVersion(outside, BASE_CX, BASE_DATA);
    const r = cx(["diff", "--base", "HEAD", "ws"], outside);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cx: git rev-parse failed/);
  });
});

describe("cx diff failures", () => {
  it("a temporary directory that cannot be made is one line, exit 2", () => {
    const r = spawnSync(process.execPath, [cli, "diff", "--base", "HEAD~1", "ws"], { cwd: repo, encoding: "utf8", env: { ...process.env, TMPDIR: "/no/such/tmp" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("cx: cannot write /no/such/tmp: no such directory\n");
  });
});

describe("cx diff OLD_DIR NEW_DIR", () => {
  it("compares two directories like two revisions", () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-diff-dirs-"));
    writeVersion(join(dir, "old"), BASE_CX, BASE_DATA);
    writeVersion(join(dir, "new"), HEAD_CX, HEAD_DATA);
    const r = cx(["diff", "old/ws", "new/ws", "--format", "json"], dir);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as WorkspaceDiff;
    expect(d).toMatchObject({ base: "old/ws", head: "new/ws" });
    // Paths are relative to each directory, so both versions name the same files.
    expect(d.declarations[0]).toMatchObject({ name: "checkout_nps", file: "main.cx" });
    expect(d.dataFiles).toEqual([{ file: "data/surveys.csv", change: "modified" }]);
    const git = JSON.parse(cx(["diff", "--base", "HEAD~1", "ws", "--format", "json"], repo).stdout) as WorkspaceDiff;
    const strip = (x: WorkspaceDiff) => JSON.stringify({ ...x, base: "", head: "", declarations: x.declarations.map((c) => ({ ...c, file: undefined })), dataFiles: [] });
    expect(strip(d)).toBe(strip(git));
    // Same directory twice: nothing changed.
    cpSync(join(dir, "new"), join(dir, "copy"), { recursive: true });
    const same = JSON.parse(cx(["diff", "new/ws", "copy/ws", "--format", "json"], dir).stdout) as WorkspaceDiff;
    expect(same.declarations).toEqual([]);
    expect(same.metrics.every((x) => x.effect === "none") && same.goals.every((x) => x.effect === "none")).toBe(true);
    expect(cx(["diff", "new/ws", "copy/ws"], dir).stdout).toMatch(/no definition changes/);
  });

  it("treats values within a relative 1e-9 as equal", () => {
    expect(sameValue(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue(1, 1.0001)).toBe(false);
  });
});

describe("cx diff --head", () => {
  it("compares two revisions, whatever the working tree holds", () => {
    const ws = join(repo, "ws");
    writeFileSync(join(ws, "main.cx"), readFileSync(join(ws, "main.cx"), "utf8").replace("target: >= 60%", "target: >= 10%"));
    try {
      const r = cx(["diff", "--base", "HEAD~1", "--head", "HEAD", "ws", "--format", "json"], repo);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const d = JSON.parse(r.stdout) as WorkspaceDiff;
      expect(d).toMatchObject({ base: "HEAD~1", head: "HEAD" });
      // The same as the working tree at HEAD (the uncommitted edit is not part of HEAD).
      git(["stash", "-q"], repo);
      let wt: WorkspaceDiff;
      try {
        wt = JSON.parse(cx(["diff", "--base", "HEAD~1", "ws", "--format", "json"], repo).stdout) as WorkspaceDiff;
      } finally {
        git(["stash", "pop", "-q"], repo);
      }
      expect(JSON.stringify({ ...d, head: "" })).toBe(JSON.stringify({ ...wt, head: "" }));
      expect(d.declarations.some((c) => c.name === "csat_goal")).toBe(false);
      // From inside the workspace, with the head's paths.
      const inside = JSON.parse(cx(["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"], ws).stdout) as WorkspaceDiff;
      expect(inside.declarations.map((c) => c.file)).toEqual(d.declarations.map((c) => c.file!.replace(/^ws\//, "")));
      expect(git(["status", "--porcelain", "--untracked-files=no"], repo)).toBe(" M ws/main.cx\n");
    } finally {
      git(["checkout", "--", "ws/main.cx"], repo);
    }
  });

  it("shows values that differ with enough decimals to tell them apart", () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-diff-precision-"));
    git(["init", "-q"], dir);
    git(["config", "user.name", "CX Test"], dir);
    git(["config", "user.email", "cx-test@example.invalid"], dir);
    git(["config", "commit.gpgsign", "false"], dir);
    mkdirSync(join(dir, "ws/data"), { recursive: true });
    writeFileSync(join(dir, "ws/cx.yaml"), "asOf: 2026-06-30\n");
    writeFileSync(join(dir, "ws/main.cx"), 'source s { file: "data/d.csv" }\nmetric m { value: avg(s.x) }\nmetric share_high { value: share(s where x > 3.24) }\ngoal g { metric: m target: >= 3.24 }\n');
    writeFileSync(join(dir, "ws/data/d.csv"), "x\n3.2359\n3\n");
    git(["add", "-A"], dir);
    git(["commit", "-q", "-m", "a"], dir);
    writeFileSync(join(dir, "ws/data/d.csv"), "x\n3.2405\n3\n");
    git(["commit", "-q", "-am", "b"], dir);
    const r = cx(["diff", "--base", "HEAD~1", "--head", "HEAD", "ws"], dir);
    expect(r.status).toBe(0);
    // avg: (3.2359 + 3)/2 = 3.11795 → (3.2405 + 3)/2 = 3.12025.
    expect(r.stdout).toMatch(/ m +3\.118 → 3\.120 {2}\(\+0\.002\)/);
    expect(r.stdout).not.toMatch(/3\.12 → 3\.12/);
    // share: 0 of 2 → 1 of 2 rows above 3.24.
    expect(r.stdout).toMatch(/share_high +0\.0% → 50\.0% {2}\(\+50\.0 pts\)/);
    const json = JSON.parse(cx(["diff", "--base", "HEAD~1", "--head", "HEAD", "ws", "--format", "json"], dir).stdout) as WorkspaceDiff;
    const m = json.metrics.find((x) => x.name === "m")!;
    expect(m.effect).toBe("data");
    expect(m.after).toEqual({ value: 3.12025, n: 2 });
  });
});

describe("diffs of version-2 reports (comparisons and goal groups)", () => {
  const model = { workspace: { symbols: new Map(), config: {} } } as unknown as SemanticModel;
  const version = { model, rel: (p: string) => p };
  const report = (significant: boolean, previous: number, groups: ("met" | "missed" | "at_risk")[]): Report => ({
    cx: 1,
    asOf: "2026-06-30",
    files: [],
    diagnostics: [],
    metrics: [
      {
        name: "nps", label: "NPS", unit: "points", touchpoint: null, value: 41.2, rows: 10, n: 9,
        compare: { kind: "previous", asOf: "2026-04-01", value: previous, change: 41.2 - previous, p: significant ? 0.03 : 0.2, significant, label: "previous 90 days" },
      },
    ],
    goals: [
      {
        name: "every_store", label: "every_store", metric: "nps", scope: "groups", status: "missed", value: 1, target: { op: ">=", value: 30 }, warn: null, severity: "error",
        groups: [
          { key: { store: "north" }, value: 1, status: groups[0] },
          { key: { store: "south" }, value: 40, status: groups[1] },
        ],
      },
    ],
    summary: { errors: 0, warnings: 0, goals: { met: 0, at_risk: 0, missed: 1, no_data: 0 } },
  });

  it("a change of significance or of a group's status is a change, shown under the metric or goal", () => {
    const d = diffWorkspaces({
      baseLabel: "a",
      headLabel: "b",
      asOf: "2026-06-30",
      old: version,
      new: version,
      reports: { before: report(true, 35, ["missed", "met"]), after: report(false, 38.1, ["met", "missed"]) },
      dataFiles: [],
    });
    expect(d.metrics[0]).toMatchObject({ effect: "definition", before: { value: 41.2, n: 9, compare: { previous: 35, significant: true } }, after: { compare: { previous: 38.1, significant: false } } });
    expect(d.goals[0].effect).toBe("definition");
    expect(d.summary.statusChanges).toBe(0);
    const text = diffText(d, { color: false });
    expect(text).toContain("vs previous 90 days: 35.0 pts → 38.1 pts, significant (p = 0.03) → not significant (p = 0.2)");
    expect(text).toContain("groups: north missed → met · south met → missed");
    expect(text).toMatch(/nps +41\.2 pts → 41\.2 pts {2}\(±0\)/);
    const mdOut = diffMarkdown(d, { color: false });
    expect(mdOut).toContain("±0<br>vs previous 90 days: 35.0 pts → 38.1 pts, significant (p = 0.03) → not significant (p = 0.2)");
    expect(mdOut).toContain("<br>groups: north missed → met · south met → missed |");
    golden("v2.txt", text);
    golden("v2.md", mdOut);
    // Unchanged comparisons and groups: nothing changed.
    const same = diffWorkspaces({ baseLabel: "a", headLabel: "b", asOf: "2026-06-30", old: version, new: version, reports: { before: report(true, 35, ["missed", "met"]), after: report(true, 35, ["missed", "met"]) }, dataFiles: [] });
    expect(same.metrics[0].effect).toBe("none");
    expect(same.goals[0].effect).toBe("none");
  });
});

