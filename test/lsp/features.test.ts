// Protocol tests: the bundled server (dist/server.js --stdio) driven by a real JSON-RPC client, on a
// copy of test/fixtures/lsp/shop (values computed by hand in its comments) and on samples/retail.
// Cursor positions come from `<|name|>` markers in the fixture.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens, CompletionList, Hover, InlayHint, Location, LocationLink, DocumentSymbol, WorkspaceEdit, SymbolInformation, TextEdit, SignatureHelp, FoldingRange, SelectionRange, SemanticTokens, DocumentHighlight } from "vscode-languageserver-protocol";
import { applyEdits, buildServer, built, ROOT, TestClient, uri } from "./client";
import { copyFixture, type FixtureCopy } from "./fixtures";

const RETAIL = join(ROOT, "samples/retail");
let shop: FixtureCopy;
let client: TestClient;

const at = (name: string) => {
  const m = shop.marker(name);
  return { textDocument: { uri: uri(m.path) }, position: m.position };
};
const file = (rel: string) => `${shop.dir}/${rel}`;
const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");

beforeAll(async () => {
  buildServer();
  shop = copyFixture(join(ROOT, "test/fixtures/lsp/shop"));
  client = await TestClient.start({ folders: [shop.dir, RETAIL] });
  for (const f of shop.files.values()) client.open(f.path, f.text);
  // The first evaluation (on open) publishes goal diagnostics and sends cx/evaluated; the scans of
  // the sources (row counts and column statistics for hovers and completion) follow, then cx/scanned.
  await client.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(shop.dir));
  await client.waitNotification<{ uri: string }>("cx/scanned", (p) => p.uri === uri(shop.dir));
});

afterAll(async () => {
  await client?.stop();
});

describe("initialize", () => {
  it("announces the features", () => {
    const caps = client.serverCapabilities;
    for (const k of ["hoverProvider", "completionProvider", "definitionProvider", "referencesProvider", "renameProvider", "documentSymbolProvider", "workspaceSymbolProvider", "documentFormattingProvider", "documentRangeFormattingProvider", "semanticTokensProvider", "codeActionProvider", "inlayHintProvider", "codeLensProvider", "foldingRangeProvider", "selectionRangeProvider", "signatureHelpProvider", "documentHighlightProvider"]) {
      expect(caps[k], k).toBeTruthy();
    }
  });
});

describe("hover", () => {
  it("shows a metric's label, doc comment, formula, computed value and goal status", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("nps-goal-ref")));
    expect(text).toContain("**Checkout NPS**");
    expect(text).toContain("How likely checkout customers are to recommend us.");
    expect(text).toContain('nps(surveys.recommend where touchpoint == "checkout")');
    expect(text).toContain("**40.0 pts**");
    expect(text).toContain("5 rows");
    expect(text).toContain("as of 2026-06-30");
    expect(text).toContain("✓ `checkout_nps_target` met");
  });

  it("shows a column's type and statistics", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("recommend-ref")));
    expect(text).toContain("`surveys.recommend`** — integer");
    expect(text).toContain("Nulls: 1 of 8 rows");
    expect(text).toContain("Range: 3 … 10");
  });

  it("shows a source's file, format, rows and columns", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("surveys-ref")));
    expect(text).toContain("File: `data/surveys.csv`");
    expect(text).toContain("Format: csv");
    expect(text).toContain("Rows: 8");
    expect(text).toContain("`recommend` integer");
  });

  it("shows inferred columns of a source without a schema", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("status-ref")));
    expect(text).toContain("`orders.status`** — text");
    expect(text).toMatch(/Samples: .*`delivered`/);
  });

  it("explains built-in functions", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("nps-fn")));
    expect(text).toContain("nps(source.column [where condition])");
    expect(text).toContain("Promoters answer 9–10");
  });

  it("shows a touchpoint's stage, owner and score", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("checkout-ref")));
    expect(text).toContain("**Online checkout**");
    expect(text).toContain("Stage: purchase");
    expect(text).toContain("Owner: ecommerce-team");
    expect(text).toContain("Score: `checkout_csat` = **60.0%** ⚠ at risk");
  });
});

describe("completion", () => {
  const labels = (l: CompletionList | null) => (l?.items ?? []).map((i) => i.label);

  it("offers columns after `source.`", async () => {
    const list = await client.request<CompletionList>("textDocument/completion", at("recommend-ref"));
    expect(labels(list)).toEqual(expect.arrayContaining(["respondent", "recommend", "satisfied", "answered_at"]));
    expect(labels(list)).not.toContain("checkout_nps");
  });

  it("offers metrics where a goal names its metric", async () => {
    const list = await client.request<CompletionList>("textDocument/completion", at("nps-goal-ref"));
    expect(labels(list)).toEqual(expect.arrayContaining(["checkout_nps", "checkout_csat", "refund_rate"]));
    expect(labels(list)).not.toContain("checkout");
  });

  it("offers inferred columns inside `where`", async () => {
    const list = await client.request<CompletionList>("textDocument/completion", at("status-ref"));
    expect(labels(list)).toEqual(expect.arrayContaining(["id", "status", "amount", "placed_at"]));
  });

  it("offers sources as an aggregate's first argument and functions in a formula", async () => {
    const list = await client.request<CompletionList>("textDocument/completion", at("surveys-ref"));
    expect(labels(list)).toEqual(expect.arrayContaining(["surveys", "orders"]));
    const formula = await client.request<CompletionList>("textDocument/completion", at("nps-fn"));
    const nps = formula.items.find((i) => i.label === "nps");
    expect(nps?.detail).toBe("nps(source.column [where condition])");
    expect(labels(formula)).toContain("delivery_nps");
    expect(labels(formula)).not.toContain("checkout_nps"); // a metric does not refer to itself
  });
});

describe("navigation", () => {
  const targets = (r: (Location | LocationLink)[] | null) => (r ?? []).map((x) => ("targetUri" in x ? { uri: x.targetUri, range: x.targetRange } : x));

  it("goes to a metric's declaration in another file", async () => {
    const r = targets(await client.request("textDocument/definition", at("nps-goal-ref")));
    const decl = shop.marker("nps-decl");
    expect(r).toEqual([{ uri: uri(decl.path), range: { start: decl.position, end: { line: decl.position.line, character: decl.position.character + "checkout_nps".length } } }]);
  });

  it("goes from an import to the file and from a source's file: to the data file", async () => {
    expect(targets(await client.request("textDocument/definition", at("import-path")))[0].uri).toBe(uri(file("touchpoints.cx")));
    expect(targets(await client.request("textDocument/definition", at("surveys-file")))[0].uri).toBe(uri(file("data/surveys.csv")));
  });

  it("goes from an inferred column to the data file", async () => {
    expect(targets(await client.request("textDocument/definition", at("status-ref")))[0].uri).toBe(uri(file("data/orders.jsonl")));
  });

  it("goes to a declared column", async () => {
    const r = targets(await client.request("textDocument/definition", at("recommend-ref")));
    expect(r[0].uri).toBe(uri(file("sources.cx")));
    expect(r[0].range.start).toEqual(shop.marker("recommend-decl").position);
  });

  it("finds references across files", async () => {
    const refs = await client.request<Location[]>("textDocument/references", { ...at("checkout-decl"), context: { includeDeclaration: true } });
    const files = refs.map((r) => r.uri.slice(uri(shop.dir).length + 1)).sort();
    expect(files).toEqual(["metrics/survey.cx", "metrics/survey.cx", "touchpoints.cx"]);
    const noDecl = await client.request<Location[]>("textDocument/references", { ...at("checkout-decl"), context: { includeDeclaration: false } });
    expect(noDecl).toHaveLength(2);
  });

  it("highlights occurrences in the document", async () => {
    const h = await client.request<DocumentHighlight[]>("textDocument/documentHighlight", at("recommend-decl"));
    expect(h.length).toBe(1); // the declaration; the uses are in another file
  });

  it("renames a metric across the workspace", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...at("nps-decl"), newName: "checkout_promoters" });
    const changes = edit.changes!;
    expect(Object.keys(changes).map((u) => u.slice(uri(shop.dir).length + 1)).sort()).toEqual(["goals.cx", "metrics/survey.cx"]);
    const goals = applyEdits(shop.files.get("goals.cx")!.text, changes[uri(file("goals.cx"))]);
    expect(goals).toContain("metric: checkout_promoters");
  });

  it("refuses invalid and clashing names", async () => {
    await expect(client.request("textDocument/rename", { ...at("nps-decl"), newName: "2nd" })).rejects.toThrow(/not a valid name/);
    await expect(client.request("textDocument/rename", { ...at("nps-decl"), newName: "where" })).rejects.toThrow(/reserved/);
    await expect(client.request("textDocument/rename", { ...at("nps-decl"), newName: "delivery_nps" })).rejects.toThrow(/already declared/);
    await expect(client.request("textDocument/prepareRename", at("nps-fn"))).rejects.toThrow(/built-in function/);
  });

  it("lists document symbols with kinds and workspace symbols", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uri(file("sources.cx")) } });
    expect(symbols.map((s) => s.name)).toEqual(["surveys", "orders"]);
    expect(symbols[0].kind).toBe(23); // Struct
    expect(symbols[0].children?.map((c) => c.name)).toContain("recommend");
    const ws = await client.request<SymbolInformation[]>("workspace/symbol", { query: "chknps" });
    expect(ws.map((s) => s.name)).toContain("checkout_nps");
  });

  it("folds declarations and selects outward", async () => {
    const folds = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: uri(file("sources.cx")) } });
    // The surveys declaration folds up to the line before its closing brace.
    const start = shop.marker("surveys-decl").position.line;
    const lines = shop.files.get("sources.cx")!.text.split("\n");
    const close = lines.findIndex((l, i) => i > start && l === "}");
    expect(folds).toContainEqual({ startLine: start, endLine: close - 1 });
    const sel = await client.request<SelectionRange[]>("textDocument/selectionRange", { textDocument: { uri: uri(file("metrics/survey.cx")) }, positions: [shop.marker("recommend-ref").position] });
    const chain: string[] = [];
    const text = shop.files.get("metrics/survey.cx")!.text.split("\n");
    for (let s: SelectionRange | undefined = sel[0]; s; s = s.parent) if (s.range.start.line === s.range.end.line) chain.push(text[s.range.start.line].slice(s.range.start.character, s.range.end.character));
    expect(chain.slice(0, 3)).toEqual(["recommend", "surveys.recommend", 'surveys.recommend where touchpoint == "checkout"']);
  });
});

describe("editing help", () => {
  it("gives signature help inside a call", async () => {
    const help = await client.request<SignatureHelp>("textDocument/signatureHelp", at("recommend-ref"));
    expect(help.signatures[0].label).toBe("nps(source.column [where condition])");
    expect(help.activeParameter).toBe(0);
  });

  it("returns semantic tokens that know metrics from columns", async () => {
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: uri(file("goals.cx")) } });
    const legend = (client.serverCapabilities.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend.tokenTypes;
    // Decode: find the token at the goal's metric reference.
    const m = shop.marker("nps-goal-ref").position;
    let line = 0;
    let ch = 0;
    let found: string | undefined;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i];
      ch = tokens.data[i] === 0 ? ch + tokens.data[i + 1] : tokens.data[i + 1];
      if (line === m.line && ch === m.character) found = legend[tokens.data[i + 3]];
    }
    expect(found).toBe("variable");
  });

  it("formats a document like cx fmt, also a range", async () => {
    const path = file("messy.cx");
    const messy = 'metric   messy{value:count( orders )\nlabel :"Messy"}\n';
    writeFileSync(path, messy);
    client.open(path, messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: uri(path) }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = applyEdits(messy, edits);
    const cli = spawnSync(process.execPath, [built("cli.js"), "fmt", path], { encoding: "utf8" });
    expect(cli.status).toBe(0);
    expect(formatted).toBe(readFileSync(path, "utf8"));
    const ranged = await client.request<TextEdit[]>("textDocument/rangeFormatting", { textDocument: { uri: uri(path) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, options: { tabSize: 2, insertSpaces: true } });
    expect(ranged.length).toBeGreaterThan(0);
    client.close(path);
  });
});

describe("inline values", () => {
  it("shows each metric's value after its formula", async () => {
    const m = shop.marker("nps-hint");
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: uri(m.path) }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    const hint = hints.find((h) => h.position.line === m.position.line);
    expect(hint).toMatchObject({ position: m.position, label: "= 40.0 pts" });
    expect(hints.map((h) => h.label)).toEqual(["= 40.0 pts", "= 60.0%", "= 50.0 pts"]);
  });

  it("shows each goal's status above it", async () => {
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: uri(file("goals.cx")) } });
    expect(lenses.map((l) => l.command?.title)).toEqual([
      "✓ met — 40.0 pts ≥ 35",
      "⚠ at risk — 60.0%, target ≥ 80% (warn ≥ 50%)",
      "✗ missed — 25.0%, target ≤ 10%",
    ]);
    expect(lenses[0].range.start.line).toBe(shop.marker("nps-goal-lens").position.line);
  });
});

describe("cx/evaluate", () => {
  const cliReport = (cwd: string) => JSON.parse(spawnSync(process.execPath, [built("cli.js"), "eval", "--format", "json"], { cwd, encoding: "utf8" }).stdout);

  it("returns exactly the report of `cx eval --format json` in samples/retail", async () => {
    const report = await client.request("cx/evaluate", { uri: uri(RETAIL) });
    expect(report).toEqual(cliReport(RETAIL));
  });

  it("returns the report of a document's workspace and sends cx/evaluated", async () => {
    const before = client.notifications.length;
    const report = await client.request<{ summary: unknown; metrics: { name: string; value: number | null }[] }>("cx/evaluate", { uri: uri(file("goals.cx")) });
    expect(report).toEqual(cliReport(shop.dir));
    expect(report.metrics.find((m) => m.name === "checkout_nps")?.value).toBe(40);
    const n = await client.waitNotification<{ uri: string; summary: unknown }>("cx/evaluated", (p) => p.uri === uri(shop.dir), before);
    expect(n.summary).toEqual(report.summary);
  });

  it("honours asOf", async () => {
    const report = await client.request<{ asOf: string }>("cx/evaluate", { uri: uri(RETAIL), asOf: "2026-03-31" });
    expect(report.asOf).toBe("2026-03-31");
    const cli = JSON.parse(spawnSync(process.execPath, [built("cli.js"), "eval", "--format", "json", "--as-of", "2026-03-31"], { cwd: RETAIL, encoding: "utf8" }).stdout);
    expect(report).toEqual(cli);
  });

  it("adds confidence intervals like `cx eval --confidence`", async () => {
    const report = await client.request<{ metrics: { name: string; ci?: { level: number; low: number; high: number } }[] }>("cx/evaluate", { uri: uri(RETAIL), confidence: 0.95 });
    const cli = JSON.parse(spawnSync(process.execPath, [built("cli.js"), "eval", "--format", "json", "--confidence", "0.95"], { cwd: RETAIL, encoding: "utf8" }).stdout);
    expect(report).toEqual(cli);
    expect(report.metrics.find((m) => m.name === "overall_nps")?.ci?.level).toBe(0.95);
    // The stored evaluation (hovers, lenses) stays as `cx eval` prints it.
    expect(await client.request("cx/evaluate", { uri: uri(RETAIL) })).toEqual(cliReport(RETAIL));
    await expect(client.request("cx/evaluate", { uri: uri(RETAIL), confidence: 2 })).rejects.toThrow(/confidence/);
  });

  it("answers bad parameters with an error, and keeps running", async () => {
    await expect(client.request("cx/evaluate", { uri: 42 })).rejects.toThrow(/needs/);
    await expect(client.request("textDocument/hover", {})).rejects.toThrow();
    const h = await client.request<Hover>("textDocument/hover", at("nps-goal-ref"));
    expect(hoverText(h)).toContain("Checkout NPS");
  });
});
