// Protocol tests of responsiveness and isolation (lsp.md, version 2):
//  - evaluation and data reading run off the thread that answers requests: requests sent while an
//    evaluation of a large data file runs are answered before it finishes (order of the messages);
//  - one hostile document does not take down the others: a formula of 2,000 terms, and a glob of
//    2^18 brace alternatives, leave hovers, completion and diagnostics of the rest working.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CompletionList, Hover, SemanticTokens } from "vscode-languageserver-protocol";
import { buildServer, TestClient, uri } from "./client";

let clients: TestClient[] = [];

async function start(opts: Parameters<typeof TestClient.start>[0]): Promise<TestClient> {
  const c = await TestClient.start(opts);
  clients.push(c);
  return c;
}

beforeAll(() => {
  buildServer();
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  clients = [];
});

const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix)).split("\\").join("/");
  mkdirSync(`${dir}/data`);
  return dir;
}

/** Line and character of the first occurrence of `needle` in `text` (plus `offset` characters). */
function positionOf(text: string, needle: string, offset = 0) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, i + offset);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}

describe("responsiveness", () => {
  it("answers completion, hover and semantic tokens while a large data file is evaluated", async () => {
    const dir = tempDir("cx-large-");
    const channels = ["web", "app", "store", "phone"];
    const writeRows = (n: number) => {
      const rows: string[] = ["id,score,channel,region,answered_at"];
      for (let i = 0; i < n; i++) rows.push(`${i},${(i * 7) % 11},${channels[i % 4]},r${i % 13},2026-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, "0")}`);
      writeFileSync(`${dir}/data/big.csv`, rows.join("\n") + "\n");
    };
    writeRows(300_000);
    const text = [
      'source big { file: "data/big.csv"  timestamp: answered_at }',
      "metric big_nps { value: nps(big.score)  by: channel  trend: month }",
      'metric web_share { value: count(big where channel == "web") / count(big)  unit: percent  by: region }',
      "metric p90 { value: percentile(big.score, 90)  by: region }",
      "goal g { metric: big_nps  target: >= 0 }",
      "",
    ].join("\n");
    writeFileSync(`${dir}/main.cx`, text);
    // Manual evaluation: the test decides when the evaluation starts.
    const c = await start({ folders: [dir], settings: { evaluation: { trigger: "manual" } } });
    const main = c.open(`${dir}/main.cx`, text);
    await c.waitDiagnostics(main, () => true);
    // A first evaluation; then the data grows on disk, so the next one reads it all again.
    await c.request("cx/evaluate", { uri: uri(dir) });
    writeRows(400_000);
    await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(`${dir}/data/big.csv`), type: 2 }] });

    // The order in which answers and `cx/evaluated` arrive.
    const order: string[] = [];
    const before = c.notifications.length;
    const evaluated = () => c.notifications.slice(before).some((n) => n.method === "cx/evaluated");
    const note = <T>(name: string, p: Promise<T>) =>
      p.then((r) => {
        if (evaluated() && !order.includes("cx/evaluated")) order.push("cx/evaluated");
        order.push(name);
        return r;
      });
    // The evaluation reads 400,000 rows (in the worker); the requests below are sent right after it.
    const evaluation = note("cx/evaluate", c.request<{ metrics: { name: string; value: number | null }[] }>("cx/evaluate", { uri: uri(dir) }));
    const completion = note("completion", c.request<CompletionList>("textDocument/completion", { textDocument: { uri: main }, position: positionOf(text, "nps(big.score)", "nps(".length) }));
    const hover = note("hover", c.request<Hover>("textDocument/hover", { textDocument: { uri: main }, position: positionOf(text, "web_share", 2) }));
    const tokens = note("semanticTokens", c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: main } }));
    const [report, list, h, t] = await Promise.all([evaluation, completion, hover, tokens]);
    await c.waitFor(() => evaluated(), "cx/evaluated");
    if (!order.includes("cx/evaluated")) order.push("cx/evaluated");

    // Every request was answered before the evaluation ended…
    for (const name of ["completion", "hover", "semanticTokens"]) {
      expect(order.indexOf(name), `${name} in ${order.join(", ")}`).toBeLessThan(order.indexOf("cx/evaluate"));
      expect(order.indexOf(name), `${name} in ${order.join(", ")}`).toBeLessThan(order.indexOf("cx/evaluated"));
    }
    // …with real answers, and the evaluation has the values.
    expect(list.items.map((i) => i.label)).toContain("big");
    expect(hoverText(h)).toContain("metric **`web_share`**");
    expect(t.data.length).toBeGreaterThan(0);
    expect(report.metrics.find((m) => m.name === "web_share")?.value).toBe(0.25);
    const after = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: main }, position: positionOf(text, "web_share", 2) }));
    expect(after).toContain("**25.0%**");
    expect(after).toContain("400,000 rows");
  });
});

describe("isolation", () => {
  it("keeps the workspace working next to a formula of 2,000 terms", async () => {
    const dir = tempDir("cx-deep-");
    writeFileSync(`${dir}/data/s.csv`, "a,b\n1,2\n3,4\n5,6\n");
    const hostile = `metric huge {\n  value: ${Array.from({ length: 2000 }, () => "count(s)").join(" + ")}\n}\n\nmetric beside { value: count(s) * 2 }\n`;
    const main = 'source s { file: "data/s.csv" }\n\nmetric ok { value: count(s) }\n\nmetric typo { value: ok + missing_one }\n';
    writeFileSync(`${dir}/hostile.cx`, hostile);
    writeFileSync(`${dir}/main.cx`, main);
    const c = await start({ folders: [dir] });
    const hostileUri = c.open(`${dir}/hostile.cx`, hostile);
    const mainUri = c.open(`${dir}/main.cx`, main);

    // Diagnostics of the other document are published.
    const ds = await c.waitDiagnostics(mainUri, (d) => d.some((x) => x.code === "CX2001"));
    expect(ds.map((d) => d.message)).toContain("Unknown metric 'missing_one'.");
    // Hovers on an unrelated metric work, and get its value.
    await c.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(dir));
    const ok = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: mainUri }, position: positionOf(main, "metric ok", 8) }));
    expect(ok).toContain("metric **`ok`**");
    expect(ok).toContain("**3**");
    // Completion works in the other document.
    const list = await c.request<CompletionList>("textDocument/completion", { textDocument: { uri: mainUri }, position: positionOf(main, "count(s)", "count(".length) });
    expect(list.items.map((i) => i.label)).toContain("s");
    // The hostile file's other declaration still has its value; the hostile one degrades.
    const beside = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: hostileUri }, position: positionOf(hostile, "metric beside", 8) }));
    expect(beside).toContain("**6**");
    const huge = await c.request<Hover | null>("textDocument/hover", { textDocument: { uri: hostileUri }, position: positionOf(hostile, "metric huge", 8) });
    expect(hoverText(huge)).toContain("metric **`huge`**");
    // Semantic tokens and symbols of the hostile document are answered (no error response).
    await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: hostileUri } });
    await c.request("textDocument/documentSymbol", { textDocument: { uri: hostileUri } });
    // The failure is logged once, not once per request, and no request failed.
    await c.request<Hover>("textDocument/hover", { textDocument: { uri: mainUri }, position: positionOf(main, "metric ok", 8) });
    expect(c.logs().filter((m) => m.includes("'huge'"))).toHaveLength(1);
    expect(c.logs().filter((m) => / failed/.test(m))).toEqual([]);
  });

  it("answers hovers and publishes diagnostics while a glob of 2^18 alternatives is expanded", async () => {
    const dir = tempDir("cx-glob-");
    writeFileSync(`${dir}/data/ok.csv`, "a\n1\n2\n");
    const globbed = `source g { file: "data/${"{a,b}".repeat(18)}.csv" }\n\nmetric from_glob { value: count(g) }\n`;
    const main = 'source s { file: "data/ok.csv" }\n\nmetric ok { value: count(s) }\n\nmetric typo { value: ok + missing_one }\n';
    writeFileSync(`${dir}/glob.cx`, globbed);
    writeFileSync(`${dir}/main.cx`, main);
    const c = await start({ folders: [dir] });
    c.open(`${dir}/glob.cx`, globbed);
    const mainUri = c.open(`${dir}/main.cx`, main);
    const ds = await c.waitDiagnostics(mainUri, (d) => d.some((x) => x.code === "CX2001"));
    expect(ds.map((d) => d.message)).toContain("Unknown metric 'missing_one'.");
    const h = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: mainUri }, position: positionOf(main, "metric ok", 8) }));
    expect(h).toContain("metric **`ok`**");
    expect(h).toMatch(/Value: (\*\*2\*\*|evaluating…)/);
    const list = await c.request<CompletionList>("textDocument/completion", { textDocument: { uri: mainUri }, position: positionOf(main, "count(s)", "count(".length) });
    expect(list.items.map((i) => i.label)).toEqual(expect.arrayContaining(["s", "g"]));
    expect(c.logs().filter((m) => / failed/.test(m))).toEqual([]);
  });
});
