// Runs inside VS Code's extension host (loaded by @vscode/test-electron as extensionTestsPath). The same
// scenarios as the code-server suite (test/e2e/run.mjs), through the VS Code API instead of the screen.
// Plain CommonJS without a test framework: prints one line per scenario and "electron: N passed, M failed".
const vscode = require("vscode");
const fs = require("node:fs");
const path = require("node:path");

const WS = process.env.CX_E2E_WORKSPACE;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeout = 30000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ""}`);
}

function locate(file, re) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return new vscode.Position(i, m.index + (m[1] ? m[0].indexOf(m[1]) : 0));
  }
  throw new Error(`${re} not found in ${file}`);
}

async function open(rel) {
  const doc = await vscode.workspace.openTextDocument(path.join(WS, rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

exports.run = async function run() {
  const expected = JSON.parse(fs.readFileSync(path.join(WS, "retail/expected.json"), "utf8"));
  const results = [];
  const scenario = async (name, fn) => {
    try {
      await fn();
      results.push([name, true]);
      console.log(`PASSED ${name}`);
    } catch (e) {
      results.push([name, false]);
      console.log(`FAILED ${name}: ${e.message}`);
    }
  };

  await scenario("activation", async () => {
    const doc = await open("retail/goals.cx");
    if (doc.languageId !== "cx") throw new Error(`languageId ${doc.languageId}`);
    const ext = vscode.extensions.getExtension("cx-metrics.cx-metrics");
    await waitFor("the extension to activate", () => ext && ext.isActive);
  });

  await scenario("commands", async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ["cx.openPreview", "cx.evaluate", "cx.restartServer", "cx.showOutput"]) if (!all.includes(c)) throw new Error(`${c} missing`);
  });

  await scenario("diagnostics", async () => {
    const file = path.join(WS, "broken/broken.cx");
    const wanted = [...fs.readFileSync(file, "utf8").matchAll(/^\/\/\s+line (\d+)\s+(CX\d{4})/gm)].map((m) => ({ line: +m[1], code: m[2] }));
    const doc = await open("broken/broken.cx");
    await waitFor("the broken file's diagnostics", () => {
      const ds = vscode.languages.getDiagnostics(doc.uri);
      const code = (d) => (typeof d.code === "object" ? String(d.code.value) : String(d.code));
      return wanted.every((w) => ds.some((d) => code(d) === w.code && d.range.start.line === w.line - 1));
    }, 45000);
  });

  await scenario("hover", async () => {
    const rel = "retail/metrics/loyalty.cx";
    const pos = locate(path.join(WS, rel), /^metric\s+(overall_nps)\b/);
    const doc = await open(rel);
    const want = expected.metrics.overall_nps.value.toFixed(1);
    await waitFor(`a hover with ${want}`, async () => {
      const hovers = (await vscode.commands.executeCommand("vscode.executeHoverProvider", doc.uri, pos)) || [];
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
      return text.includes(want);
    }, 45000);
  });

  let before;
  await scenario("preview", async () => {
    await open("retail/goals.cx");
    await vscode.commands.executeCommand("cx.openPreview");
    await waitFor("the preview tab", () =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.startsWith("CX Scorecard") && t.input instanceof vscode.TabInputWebview)));
    before = await vscode.commands.executeCommand("cx.evaluate");
    for (const [goal, e] of Object.entries(expected.goals)) {
      const status = typeof e === "string" ? e : e.status; // expected.json: status, or {status, scope, groups}
      const g = (before.goals || []).find((x) => x.name === goal);
      if (!g || g.status !== status) throw new Error(`${goal}: ${g ? g.status : "absent"}, expected ${status}`);
    }
  });

  await scenario("preview-live-update", async () => {
    const csv = path.join(WS, "retail/data/surveys.csv");
    const lines = fs.readFileSync(csv, "utf8").trimEnd().split("\n");
    const header = lines[0].split(",");
    const rows = Array.from({ length: 400 }, (_, i) =>
      header.map((h) => ({ respondent: `E2E${i}`, touchpoint: "returns", channel: "web", region: "north", satisfied: "5", answered_at: "2026-06-30" })[h] ?? "").join(","));
    fs.appendFileSync(csv, "\n" + rows.join("\n") + "\n");
    await waitFor("returns_satisfaction to be met", async () => {
      const r = await vscode.commands.executeCommand("cx.evaluate");
      return (r.goals || []).find((g) => g.name === "returns_satisfaction")?.status === "met";
    }, 60000);
  });

  const passed = results.filter((r) => r[1]).length;
  console.log(`electron: ${passed} passed, ${results.length - passed} failed`);
  if (passed !== results.length) throw new Error(`${results.length - passed} scenario(s) failed`);
};
