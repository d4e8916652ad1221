// Protocol tests of workspaces and modes: multi-root (one analysis per folder), documents outside
// every folder, restricted mode (trusted: false), pull diagnostics, and settings read through
// workspace/configuration.
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens, CompletionList, DocumentDiagnosticReport, Hover, InlayHint } from "vscode-languageserver-protocol";
import { buildServer, ROOT, TestClient, uri } from "./client";
import { copyFixture } from "./fixtures";

const SHOP = join(ROOT, "test/fixtures/lsp/shop");
const BROKEN = join(ROOT, "test/fixtures/lsp/broken");
let clients: TestClient[] = [];

async function start(opts: Parameters<typeof TestClient.start>[0]): Promise<TestClient> {
  const c = await TestClient.start(opts);
  clients.push(c);
  return c;
}

const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");
const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

beforeAll(() => {
  buildServer();
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  clients = [];
});

describe("multi-root", () => {
  it("analyses each folder on its own", async () => {
    const a = copyFixture(SHOP);
    const b = copyFixture(SHOP); // the same names in both: no clash across folders
    const c = await start({ folders: [a.dir, b.dir] });
    const ordersA = c.open(`${a.dir}/metrics/orders.cx`);
    const ordersB = c.open(`${b.dir}/metrics/orders.cx`);
    for (const u of [ordersA, ordersB]) {
      // order_value is unused (CX3009) in each folder, and nothing clashes with the other folder.
      const ds = await c.waitDiagnostics(u, (d) => d.some((x) => x.code === "CX3009"), `diagnostics of ${u}`);
      expect(ds.map((d) => d.code)).not.toContain("CX2002");
    }
    const ra = await c.request<{ files: string[] }>("cx/evaluate", { uri: uri(a.dir) });
    const rb = await c.request<{ files: string[] }>("cx/evaluate", { uri: uri(b.dir) });
    expect(ra.files).toEqual(rb.files);
    expect(ra.files).toContain("goals.cx");
    // cx/evaluated names the folder each evaluation was for.
    await c.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(a.dir));
    await c.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(b.dir));
  });

  it("works on a document outside every folder", async () => {
    const folder = copyFixture(SHOP);
    const lone = mkdtempSync(join(tmpdir(), "cx-lone-")).split("\\").join("/");
    const path = `${lone}/lone.cx`;
    const text = "metric lone {\n  value: 1 + missing\n}\n";
    writeFileSync(path, text);
    const c = await start({ folders: [folder.dir] });
    const u = c.open(path, text);
    const ds = await c.waitDiagnostics(u, (d) => d.some((x) => x.code === "CX2001"));
    expect(ds.find((x) => x.code === "CX2001")?.message).toBe("Unknown metric 'missing'.");
    const report = await c.request<{ files: string[] }>("cx/evaluate", { uri: u });
    expect(report.files).toEqual(["lone.cx"]);
  });
});

describe("untitled documents", () => {
  it("are analysed on their own", async () => {
    const c = await start({ folders: [] });
    const u = "untitled:Untitled-1";
    await c.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: u, languageId: "cx", version: 1, text: "metric a {\n  value: b + c\n}\nmetric b { value: 2 }\ngoal g { metric: a  target: >= 1 }\n" } });
    const ds = await c.waitDiagnostics(u, (d) => d.some((x) => x.code === "CX2001"));
    expect(ds.map((d) => [d.code, d.message])).toEqual([["CX2001", "Unknown metric 'c'. Did you mean 'a'?"]]);
    const h = await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: { line: 1, character: 9 } });
    expect(hoverText(h)).toContain("metric **`b`**");
  });
});

describe("restricted mode", () => {
  it("keeps syntax and semantic features but reads no data", async () => {
    const fx = copyFixture(BROKEN);
    const shop = copyFixture(SHOP);
    const c = await start({ folders: [fx.dir, shop.dir], trusted: false });
    const u = c.open(`${fx.dir}/broken.cx`);
    const ds = await c.waitDiagnostics(u, (d) => d.some((x) => x.code === "CX2003"));
    expect(ds.map((d) => d.code)).toEqual(expect.arrayContaining(["CX2001", "CX2004"]));
    const m = shop.marker("nps-goal-ref");
    c.open(m.path);
    const h = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: uri(m.path) }, position: m.position }));
    expect(h).toContain("**Checkout NPS**");
    expect(h).toContain("values need a trusted workspace");
    const completion = await c.request<CompletionList>("textDocument/completion", { textDocument: { uri: uri(m.path) }, position: m.position });
    expect(completion.items.map((i) => i.label)).toContain("checkout_nps");
    const report = await c.request<{ metrics: { value: number | null }[] }>("cx/evaluate", { uri: uri(shop.dir) });
    expect(report.metrics.every((x) => x.value === null)).toBe(true);
    expect(c.diagnostics.has(uri(`${fx.dir}/data/surveys.csv`))).toBe(false);
  });
});

describe("pull diagnostics", () => {
  it("answers textDocument/diagnostic when the client supports it", async () => {
    const fx = copyFixture(BROKEN);
    const c = await start({ folders: [fx.dir], capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    expect(c.serverCapabilities.diagnosticProvider).toBeTruthy();
    const u = c.open(`${fx.dir}/broken.cx`);
    const report = await c.request<DocumentDiagnosticReport>("textDocument/diagnostic", { textDocument: { uri: u } });
    expect(report.kind).toBe("full");
    const items = report.kind === "full" ? report.items : [];
    expect(items.map((d) => d.code)).toEqual(expect.arrayContaining(["CX2001", "CX2003", "CX2002"]));
    // Data files are not documents the client pulls: their diagnostics are still pushed.
    await c.waitDiagnostics(uri(`${fx.dir}/data/surveys.csv`), (d) => d.some((x) => x.code === "CX4004"));
  });
});

describe("settings", () => {
  it("switches inlay hints and code lenses off", async () => {
    const shop = copyFixture(SHOP);
    const c = await start({ folders: [shop.dir], settings: { inlayHints: { enabled: false }, codeLens: { enabled: false } } });
    const goals = c.open(`${shop.dir}/goals.cx`);
    await c.waitNotification("cx/evaluated");
    expect(await c.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: goals }, range: everything })).toEqual([]);
    expect(await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: goals } })).toEqual([]);
    // …and back on, with a refresh request to the client.
    c.settings = {};
    const before = c.requests.length;
    await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { cx: {} } });
    await c.waitFor(() => c.requests.slice(before).some((r) => r.method === "workspace/codeLens/refresh"), "codeLens/refresh");
    expect((await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: goals } })).length).toBe(3);
  });

  it("uses cx.asOf for evaluations", async () => {
    const shop = copyFixture(SHOP);
    const c = await start({ folders: [shop.dir], settings: { asOf: "2026-06-03" } });
    const survey = c.open(`${shop.dir}/metrics/survey.cx`);
    await c.waitNotification("cx/evaluated");
    const report = await c.request<{ asOf: string }>("cx/evaluate", { uri: uri(shop.dir) });
    expect(report.asOf).toBe("2026-06-03");
    const hints = await c.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: survey }, range: everything });
    expect(hints.length).toBe(3);
  });
});

describe("large and binary data", () => {
  it("keeps analysing while big data is rescanned, and survives binary files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-big-")).split("\\").join("/");
    mkdirSync(`${dir}/data`);
    const rows: string[] = ["id,score,channel"];
    for (let i = 0; i < 300_000; i++) rows.push(`${i},${(i * 7) % 11},${i % 3 ? "web" : "app"}`);
    writeFileSync(`${dir}/data/big.csv`, rows.join("\n") + "\n");
    const bytes = Buffer.alloc(100_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    writeFileSync(`${dir}/data/blob.csv`, bytes);
    const text = [
      'source big { file: "data/big.csv" }',
      'source blob { file: "data/blob.csv" }',
      'metric big_nps { value: nps(big.score where channel == "web") }',
      "metric blob_rows { value: count(blob) }",
      "goal g1 { metric: big_nps  target: >= 0 }",
      "goal g2 { metric: blob_rows  target: >= 0 }",
      "",
    ].join("\n");
    writeFileSync(`${dir}/main.cx`, text);
    const c = await start({ folders: [dir] });
    const main = c.open(`${dir}/main.cx`, text);
    await c.waitNotification("cx/evaluated");
    await c.waitDiagnostics(uri(`${dir}/data/blob.csv`), (d) => d.some((x) => x.code === "CX4004"));
    // The data changes on disk (evaluation and a rescan start), and the user types a syntax error.
    const before = c.notifications.length;
    appendFileSync(`${dir}/data/big.csv`, "300000,10,web\n");
    await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(`${dir}/data/big.csv`), type: 2 }] });
    c.change(`${dir}/main.cx`, text + "metric oops { value: }\n");
    const ds = await c.waitDiagnostics(main, (d) => d.some((x) => x.code === "CX1001"));
    expect(ds.find((x) => x.code === "CX1001")?.range.start.line).toBe(6);
    await c.waitNotification("cx/evaluated", () => true, before);
    const hover = await c.request<Hover>("textDocument/hover", { textDocument: { uri: main }, position: { line: 2, character: 8 } });
    expect(hoverText(hover)).toContain("metric **`big_nps`**");
  });
});
