// Protocol tests of the version-2 editor features: the bundled server (dist/server.js --stdio) on a
// copy of test/fixtures/lsp/v2 (values worked out by hand in its sources.cx), driven by a real
// JSON-RPC client. Cursor positions come from `<|name|>` markers.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens, CompletionList, Diagnostic, DocumentSymbol, Hover, WorkspaceEdit } from "vscode-languageserver-protocol";
import { applyEdits, buildServer, ROOT, TestClient, uri } from "./client";
import { copyFixture, type FixtureCopy } from "./fixtures";

let v2: FixtureCopy;
let client: TestClient;

const at = (name: string) => {
  const m = v2.marker(name);
  return { textDocument: { uri: uri(m.path) }, position: m.position };
};
const file = (rel: string) => `${v2.dir}/${rel}`;
const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");
const labels = (l: CompletionList | null) => (l?.items ?? []).map((i) => i.label);

beforeAll(async () => {
  buildServer();
  v2 = copyFixture(join(ROOT, "test/fixtures/lsp/v2"));
  // A closed .cx file with invalid UTF-8 (0xFF) on its second line, after `metric b`.
  writeFileSync(file("bad.cx"), Buffer.concat([Buffer.from("metric a { value: 1 }\nmetric b"), Buffer.from([0xff]), Buffer.from(" { value: 2 }\n")]));
  client = await TestClient.start({ folders: [v2.dir] });
  for (const f of v2.files.values()) client.open(f.path, f.text);
  await client.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(v2.dir));
  // Headers and distinct values (completion) come from the scans that follow the evaluation.
  await client.waitNotification<{ uri: string }>("cx/scanned", (p) => p.uri === uri(v2.dir));
});

afterAll(async () => {
  await client?.stop();
});

describe("completion with the data", () => {
  it("offers the data's headers inside `from \"…\"`", async () => {
    const list = await client.request<CompletionList>("textDocument/completion", at("from-str"));
    expect(labels(list)).toEqual(["ResponseId", "Q1 - How likely are you to recommend us? (0-10)", "Q2 - Satisfied?", " Store "]);
    // Inside the quotes only the text is replaced.
    const item = list.items.find((i) => i.label === "Q2 - Satisfied?")!;
    expect(item.textEdit && "range" in item.textEdit ? item.textEdit.newText : item.insertText).toBe("Q2 - Satisfied?");
  });

  it("offers the answers of the mapped header as labels of a map", async () => {
    const list = await client.request<CompletionList>("textDocument/completion", at("label"));
    expect(labels(list)).toEqual(["Very satisfied", "Satisfied", "Very dissatisfied"]);
    const item = list.items[0];
    expect(item.textEdit && "range" in item.textEdit ? item.textEdit.newText : item.insertText).toBe('"Very satisfied": ');
  });
});

describe("hover", () => {
  it("shows a derived column's expression, type and sample values", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("wait-use")));
    expect(text).toContain("derived column **`tickets.wait_minutes`** — number (minutes)");
    expect(text).toContain("wait_minutes = minutes_between(opened_at, first_reply_at)");
    expect(text).toContain("Samples (first 4 rows): `30`, `120`, `15` · 1 null");
    expect(text).toContain("Range (first 4 rows): 15 … 120");
  });

  it("shows a funnel's steps with customers and conversions", async () => {
    const text = hoverText(await client.request<Hover>("textDocument/hover", at("funnel")));
    expect(text).toContain("**Purchase funnel** — funnel `purchase`");
    expect(text).toContain("Conversion: **50.0%** of 4 customers");
    expect(text).toContain("| 2. `cart` | 3 | 75.0% | 75.0% |");
    expect(text).toContain("| 3. `order` | 2 | 66.7% | 50.0% |");
  });
});

describe("navigation", () => {
  it("renames a derived column in every file", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...at("wait-use"), newName: "wait" });
    const changes = edit.changes!;
    expect(Object.keys(changes).sort()).toEqual([uri(file("analyses.cx")), uri(file("sources.cx"))]);
    const sources = applyEdits(v2.files.get("sources.cx")!.text, changes[uri(file("sources.cx"))]);
    expect(sources).toContain("    wait = minutes_between(opened_at, first_reply_at)");
    expect(sources).toContain('sla = if(wait <= 60, "met", "breached")');
    expect(applyEdits(v2.files.get("analyses.cx")!.text, changes[uri(file("analyses.cx"))])).toContain("value: avg(tickets.wait)");
    await expect(client.request("textDocument/rename", { ...at("wait-decl"), newName: "priority" })).rejects.toThrow(/already a column of 'tickets'/);
  });

  it("goes from a derived column's use to its definition", async () => {
    const r = await client.request<{ targetUri: string; targetRange: { start: unknown } }[]>("textDocument/definition", at("wait-in-sla"));
    expect(r.map((x) => [x.targetUri, x.targetRange.start])).toEqual([[uri(file("sources.cx")), v2.marker("wait-decl").position]]);
  });

  it("lists funnel steps and derived columns as children in the outline", async () => {
    const analyses = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uri(file("analyses.cx")) } });
    const funnel = analyses.find((s) => s.name === "purchase")!;
    expect(funnel.kind).toBe(12); // Function
    expect(funnel.detail).toBe("Purchase funnel");
    expect(funnel.children?.map((c) => [c.name, c.kind, c.detail])).toEqual([
      ["view", 22, 'event == "view"'],
      ["cart", 22, 'event == "cart"'],
      ["order", 22, 'event == "order"'],
    ]);
    const sources = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uri(file("sources.cx")) } });
    const tickets = sources.find((s) => s.name === "tickets")!;
    expect(tickets.children?.map((c) => c.name)).toEqual(["id", "opened_at", "first_reply_at", "priority", "wait_minutes", "sla"]);
    expect(tickets.children?.find((c) => c.name === "wait_minutes")?.detail).toBe("= minutes_between(opened_at, first_reply_at)");
  });
});

describe("inline values", () => {
  it("shows a funnel's conversion in a code lens", async () => {
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: uri(file("analyses.cx")) } });
    expect(lenses.map((l) => [l.range.start.line, l.command?.title])).toEqual([[v2.marker("funnel-lens").position.line, "Conversion 50.0% — 4 → 3 → 2 customers"]]);
  });
});

describe("diagnostics", () => {
  it("publishes problems of data read with from, map and encoding on the data file", async () => {
    const csv = uri(file("data/latin.csv"));
    const diags = await client.waitDiagnostics(csv, (d) => d.some((x) => x.code === "CX4003") && d.some((x) => x.code === "CX4009"));
    const bad = diags.find((x: Diagnostic) => x.code === "CX4003")!;
    expect(bad.range.start.line).toBe(2); // r2;x;… (0-based line 2)
    // Read as UTF-8, the windows-1252 "ü" of line 4 is invalid at character 8 ("r3;10;Gr|ü").
    const enc = diags.find((x: Diagnostic) => x.code === "CX4009")!;
    expect(enc.range.start).toEqual({ line: 3, character: 8 });
    expect(enc.message).toContain("windows-1252");
  });

  it("reports invalid UTF-8 in a closed .cx file at the first invalid byte", async () => {
    const d = await client.waitDiagnostics(uri(file("bad.cx")), (list) => list.some((x) => x.code === "CX1003"));
    const e = d.find((x) => x.code === "CX1003")!;
    expect(e.range.start).toEqual({ line: 1, character: 8 });
    expect(e.severity).toBe(1);
    // Not just the replacement character being an invalid character: the byte is reported as invalid UTF-8.
    expect(e.message).toContain("not valid UTF-8");
    expect(e.data).toEqual({ invalidUtf8: true });
    // The closed file's outline is read from disk the same way.
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uri(file("bad.cx")) } });
    expect(symbols.map((s) => s.name)).toEqual(["a", "b"]);
  });
});
