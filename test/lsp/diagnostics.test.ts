// Protocol tests on test/fixtures/lsp/broken (deliberate mistakes): published diagnostics (codes,
// links, severities, tags, related information), data diagnostics on the data file's URI, updates
// after edits, saves and watched-file changes, and the quick fixes.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { applyEdits, buildServer, ROOT, TestClient, uri } from "./client";
import { copyFixture, type FixtureCopy } from "./fixtures";

let fx: FixtureCopy;
let client: TestClient;
let brokenUri: string;
let brokenText: string;

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

beforeAll(async () => {
  buildServer();
  fx = copyFixture(join(ROOT, "test/fixtures/lsp/broken"));
  client = await TestClient.start({ folders: [fx.dir] });
  brokenText = fx.files.get("broken.cx")!.text;
  brokenUri = client.open(`${fx.dir}/broken.cx`, brokenText);
  // The first evaluation brings the data's columns (the quick fixes that declare columns need them).
  await client.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(fx.dir));
});

afterAll(async () => {
  await client?.stop();
});

async function actionsAt(marker: string): Promise<CodeAction[]> {
  const m = fx.marker(marker);
  await client.waitDiagnostics(brokenUri, (d) => d.length > 0);
  return client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: uri(m.path) },
    range: { start: m.position, end: m.position },
    context: { diagnostics: [] },
  });
}

function apply(action: CodeAction, path: string, text: string): string {
  return applyEdits(text, action.edit?.changes?.[uri(path)] ?? []);
}

describe("published diagnostics", () => {
  it("reports syntax and semantic problems with codes, links and severities", async () => {
    const ds = await client.waitDiagnostics(brokenUri, (d) => d.some((x) => x.code === "CX2002"));
    expect(codes(ds)).toEqual(expect.arrayContaining(["CX2001", "CX2003", "CX2004", "CX2005", "CX2006", "CX3006", "CX3009", "CX2002"]));
    const typo = ds.find((d) => d.code === "CX2003" && d.range.start.line === fx.marker("typo-col").position.line)!;
    expect(typo).toMatchObject({
      source: "cx",
      severity: 1,
      range: { start: fx.marker("typo-col").position },
      message: "Unknown column 'recomend' in source 'surveys'. Did you mean 'recommend'?",
      codeDescription: { href: expect.stringMatching(/diagnostics\.md#cx2003$/) },
    });
    expect(ds.find((d) => d.code === "CX3006")?.severity).toBe(2);
  });

  it("shows unused declarations as hints with the Unnecessary tag", async () => {
    const ds = await client.waitDiagnostics(brokenUri, (d) => d.some((x) => x.code === "CX3009"));
    const unused = ds.find((d) => d.code === "CX3009" && d.range.start.line === fx.marker("unused").position.line)!;
    expect(unused).toMatchObject({ severity: 4, tags: [1] });
  });

  it("points duplicates at the first declaration", async () => {
    const ds = await client.waitDiagnostics(brokenUri, (d) => d.some((x) => x.code === "CX2002"));
    const dup = ds.find((d) => d.code === "CX2002")!;
    expect(dup.range.start).toEqual(fx.marker("duplicate").position);
    const first = fx.marker("first").position;
    expect(dup.relatedInformation).toEqual([
      { location: { uri: brokenUri, range: { start: first, end: { line: first.line, character: first.character + "all_nps".length } } }, message: "'all_nps' is first declared here" },
    ]);
  });

  it("publishes data diagnostics on the data file's own URI", async () => {
    const dataUri = uri(`${fx.dir}/data/surveys.csv`);
    const ds = await client.waitDiagnostics(dataUri, (d) => d.some((x) => x.code === "CX4003"));
    expect(codes(ds).sort()).toEqual(["CX4003", "CX4004"]);
    // The bad value's own position in the CSV.
    const csv = readFileSync(`${fx.dir}/data/surveys.csv`, "utf8").split("\n");
    const line = csv.findIndex((l) => l.includes(",ten,"));
    expect(ds.find((d) => d.code === "CX4003")!.range.start).toEqual({ line, character: csv[line].indexOf("ten") });
    // …and summarised on the source's `file:` in the .cx file, pointing at the data.
    const sources = await client.waitDiagnostics(uri(`${fx.dir}/sources.cx`), (d) => d.some((x) => x.code === "CX4003"));
    const summary = sources.find((d) => d.code === "CX4003")!;
    expect(summary.message).toMatch(/^In the data of 'surveys', surveys\.csv:4: Value 'ten' in column 'recommend'/);
    expect(summary.relatedInformation?.[0].location).toEqual({ uri: dataUri, range: ds.find((d) => d.code === "CX4003")!.range });
    expect(sources.map((d) => d.code).sort()).toEqual(["CX4003", "CX4004"]);
  });

  it("follows edits: a fixed typo disappears", async () => {
    const m = fx.marker("typo-metric");
    const fixed = brokenText.replace("chekout_nps", "checkout_nps");
    client.change(`${fx.dir}/broken.cx`, fixed);
    const ds = await client.waitDiagnostics(brokenUri, (d) => !d.some((x) => x.code === "CX2001" && x.range.start.line === m.position.line));
    expect(codes(ds)).toContain("CX2003");
    client.change(`${fx.dir}/broken.cx`, brokenText);
    await client.waitDiagnostics(brokenUri, (d) => d.some((x) => x.code === "CX2001" && x.range.start.line === m.position.line));
  });

  it("re-evaluates when a data file changes on disk", async () => {
    const path = `${fx.dir}/data/surveys.csv`;
    const dataUri = uri(path);
    await client.waitDiagnostics(dataUri, (d) => d.some((x) => x.code === "CX4003"));
    const before = client.notifications.length;
    const requestsBefore = client.requests.length;
    writeFileSync(path, readFileSync(path, "utf8").replace("ten", "10"));
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: dataUri, type: 2 }] });
    await client.waitNotification("cx/evaluated", () => true, before);
    // New values: the client is asked to refresh inlay hints and code lenses.
    for (const method of ["workspace/inlayHint/refresh", "workspace/codeLens/refresh"]) {
      await client.waitFor(() => client.requests.slice(requestsBefore).some((r) => r.method === method), method);
    }
    const ds = await client.waitDiagnostics(dataUri, (d) => !d.some((x) => x.code === "CX4003"));
    expect(codes(ds)).toEqual(["CX4004"]);
  });

  it("re-evaluates after a save", async () => {
    const before = client.notifications.length;
    client.save(`${fx.dir}/broken.cx`);
    const n = await client.waitNotification<{ uri: string; summary: { goals: { met: number } } }>("cx/evaluated", () => true, before);
    expect(n.uri).toBe(uri(fx.dir));
    expect(n.summary.goals.met).toBeGreaterThanOrEqual(1);
  });
});

describe("quick fixes", () => {
  const titles = (as: CodeAction[]) => as.map((a) => a.title);

  it("fixes a misspelt column, function, metric and property (did you mean)", async () => {
    for (const [marker, title, result] of [
      ["typo-col", "Change to 'recommend'", "nps(surveys.recommend where"],
      ["typo-fn", "Change to 'csat'", "value: csat(surveys.satisfied)"],
      ["typo-metric", "Change to 'checkout_nps'", "metric: checkout_nps\n"],
      ["typo-key", "Change to 'label'", 'label: "Happy"'],
    ]) {
      const actions = await actionsAt(marker);
      const fix = actions.find((a) => a.title === title);
      expect(fix, `${marker}: ${titles(actions).join(", ")}`).toBeDefined();
      expect(fix!.kind).toBe("quickfix");
      expect(fix!.isPreferred).toBe(true);
      expect(fix!.diagnostics?.[0].code).toMatch(/^CX200[1-5]$/);
      expect(apply(fix!, `${fx.dir}/broken.cx`, brokenText)).toContain(result);
    }
  });

  it("adds % to a percent threshold", async () => {
    const fix = (await actionsAt("percent")).find((a) => a.title === "Write 80% (a percent)")!;
    expect(apply(fix, `${fx.dir}/broken.cx`, brokenText)).toContain("target: >= 80%");
  });

  it("adds a missing required property", async () => {
    const fix = (await actionsAt("happy")).find((a) => a.title === "Add 'value'")!;
    expect(apply(fix, `${fx.dir}/broken.cx`, brokenText)).toContain('metric happy {\n  lable: "Happy"\n  value: count(surveys)\n}');
  });

  it("declares a column that the data file has", async () => {
    const fix = (await actionsAt("region")).find((a) => a.title.startsWith("Declare column 'region: text'"))!;
    expect(fix).toBeDefined();
    const sources = `${fx.dir}/sources.cx`;
    expect(apply(fix, sources, readFileSync(sources, "utf8"))).toContain("    answered_at: date\n    region: text\n  }");
  });

  it("creates a touchpoint that is referenced but missing", async () => {
    const fix = (await actionsAt("missing-tp")).find((a) => a.title === "Create touchpoint 'checkout_page'")!;
    expect(apply(fix, `${fx.dir}/broken.cx`, brokenText)).toMatch(/\ntouchpoint checkout_page \{\n {2}label: "Checkout page"\n\}\n$/);
  });
});
