// Protocol tests of the first evaluation (lsp.md, version 2): a plain LSP client that opens a
// workspace and hovers a metric at once gets its value (or "evaluating…" and then the value after
// `cx/evaluated`), never "not evaluated yet"; texts never name a command the client did not announce.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Hover } from "vscode-languageserver-protocol";
import { buildServer, ROOT, TestClient, uri } from "./client";

const RETAIL = join(ROOT, "samples/retail");
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

/** A copy of samples/retail, and where `overall_nps` is declared in metrics/loyalty.cx. */
function retail() {
  const dir = mkdtempSync(join(tmpdir(), "cx-first-")).split("\\").join("/");
  cpSync(RETAIL, dir, { recursive: true });
  const path = `${dir}/metrics/loyalty.cx`;
  const lines = readFileSync(path, "utf8").split("\n");
  const line = lines.findIndex((l) => l.startsWith("metric overall_nps"));
  return { dir, path, position: { line, character: "metric ".length + 2 } };
}

describe("first evaluation", () => {
  it("shows a metric's value in the first hover of a plain client", async () => {
    const ws = retail();
    // A client that answers workspace/configuration with null and announces no commands.
    const c = await start({ folders: [ws.dir] });
    const u = c.open(ws.path);
    const first = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: ws.position }));
    expect(first).toContain("**Net Promoter Score**");
    expect(first).not.toContain("not evaluated");
    expect(first).not.toContain("CX: Evaluate Workspace");
    let text = first;
    if (!first.includes("**36.2 pts**")) {
      // The evaluation was still running after the hover's short wait: it says so, and the value follows.
      expect(first).toContain("Value: evaluating…");
      await c.waitNotification<{ uri: string }>("cx/evaluated", (p) => p.uri === uri(ws.dir));
      text = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: ws.position }));
    }
    expect(text).toContain("**36.2 pts**");
    expect(text).toContain("as of 2026-06-30");
  });

  it("evaluates every folder after `initialized`, before any document is opened", async () => {
    const ws = retail();
    const c = await start({ folders: [ws.dir] });
    const n = await c.waitNotification<{ uri: string; summary: { goals: Record<string, number> } }>("cx/evaluated", (p) => p.uri === uri(ws.dir));
    // expected.json: goals {name: status | {status, scope, groups}} (scripts/check-retail-expectations.mjs).
    const cli = JSON.parse(readFileSync(join(RETAIL, "expected.json"), "utf8")) as { goals: Record<string, string | { status: string }> };
    const met = Object.values(cli.goals).filter((g) => (typeof g === "string" ? g : g.status) === "met").length;
    expect(n.summary.goals.met).toBe(met);
  });

  it("evaluates nested projects (a directory with its own cx.yaml) on their own at start-up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-nested-")).split("\\").join("/");
    mkdirSync(`${dir}/shop/data`, { recursive: true });
    writeFileSync(`${dir}/top.cx`, "metric top { value: 1 }\ngoal top_goal { metric: top  target: >= 2 }\n");
    writeFileSync(`${dir}/shop/cx.yaml`, "asOf: 2026-06-30\n");
    writeFileSync(`${dir}/shop/data/s.csv`, "a\n1\n2\n");
    writeFileSync(`${dir}/shop/shop.cx`, 'source s { file: "data/s.csv" }\nmetric rows { value: count(s) }\ngoal enough { metric: rows  target: >= 2 }\n');
    const c = await start({ folders: [dir] });
    const shop = await c.waitNotification<{ uri: string; summary: { goals: Record<string, number> } }>("cx/evaluated", (p) => p.uri === uri(`${dir}/shop`));
    const top = await c.waitNotification<{ uri: string; summary: { goals: Record<string, number> } }>("cx/evaluated", (p) => p.uri === uri(dir));
    expect(shop.summary.goals).toMatchObject({ met: 1, missed: 0 });
    // The folder's own workspace is what `cx eval` sees there: its goal is missed.
    expect(top.summary.goals).toMatchObject({ missed: 1 });
  });

  it("does not evaluate by itself with cx.evaluation.trigger manual, and says so without naming an editor's command", async () => {
    const ws = retail();
    const c = await start({ folders: [ws.dir], settings: { evaluation: { trigger: "manual" } } });
    const u = c.open(ws.path);
    const text = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: ws.position }));
    expect(text).toContain("Value: not evaluated yet (evaluation is manual: `cx.evaluation.trigger` is `manual`)");
    // cx/evaluate is the way to evaluate; afterwards the hover has the value.
    await c.request("cx/evaluate", { uri: uri(ws.dir) });
    const after = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: ws.position }));
    expect(after).toContain("**36.2 pts**");
    expect(c.notifications.filter((x) => x.method === "cx/evaluated")).toHaveLength(1);
  });

  it("names a command only when the client announced it", async () => {
    const ws = retail();
    const c = await start({
      folders: [ws.dir],
      settings: { evaluation: { trigger: "manual" } },
      initializationOptions: { commands: { evaluate: "CX: Evaluate Workspace" } },
    });
    const u = c.open(ws.path);
    const text = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: ws.position }));
    expect(text).toContain("Value: not evaluated yet (evaluation is manual: run **CX: Evaluate Workspace**)");
  });
});

describe("column statistics", () => {
  /** A workspace with one declared source (score: 1, null, 4) and where `s.score` is in m.cx. */
  function scored() {
    const dir = mkdtempSync(join(tmpdir(), "cx-scanned-")).split("\\").join("/");
    mkdirSync(`${dir}/data`, { recursive: true });
    writeFileSync(`${dir}/cx.yaml`, "asOf: 2026-06-30\n");
    writeFileSync(`${dir}/data/s.csv`, "score,note\n1,a\n,b\n4,a\n");
    const text = 'source s {\n  file: "data/s.csv"\n  columns {\n    score: integer\n  }\n}\nmetric total { value: sum(s.score) }\n';
    writeFileSync(`${dir}/m.cx`, text);
    return { dir, text, position: { line: 6, character: text.split("\n")[6].indexOf("score") + 1 } };
  }

  it("follow the values: cx/scanned after each evaluation, and hovers then show the data's statistics", async () => {
    const { dir, text, position } = scored();
    const c = await start({ folders: [dir] });
    const u = c.open(`${dir}/m.cx`, text);
    const at = { textDocument: { uri: u }, position };
    const expectOrder = async (after: number) => {
      await c.waitNotification<{ uri: string }>("cx/scanned", (p) => p.uri === uri(dir), after);
      const methods = c.notifications.slice(after).map((n) => n.method);
      // The scans are asked for once the evaluation has its values: cx/evaluated comes first.
      expect(methods.indexOf("cx/evaluated")).toBeGreaterThanOrEqual(0);
      expect(methods.indexOf("cx/evaluated")).toBeLessThan(methods.indexOf("cx/scanned"));
    };
    await expectOrder(0);
    let hover = hoverText(await c.request<Hover>("textDocument/hover", at));
    expect(hover).toContain("`s.score`** — integer");
    expect(hover).toContain("Nulls: 1 of 3 rows");
    expect(hover).toContain("Range: 1 … 4");
    // The data changes and a save evaluates again: the statistics follow the new data.
    writeFileSync(`${dir}/data/s.csv`, "score,note\n1,a\n,b\n4,a\n9,c\n");
    const before = c.notifications.length;
    c.save(`${dir}/m.cx`);
    await expectOrder(before);
    hover = hoverText(await c.request<Hover>("textDocument/hover", at));
    expect(hover).toContain("Nulls: 1 of 4 rows");
    expect(hover).toContain("Range: 1 … 9");
  });

  it("are read without an evaluation when the trigger is manual (cx/scanned, no cx/evaluated)", async () => {
    const { dir, text, position } = scored();
    const c = await start({ folders: [dir], settings: { evaluation: { trigger: "manual" } } });
    await c.waitNotification<{ uri: string }>("cx/scanned", (p) => p.uri === uri(dir));
    const u = c.open(`${dir}/m.cx`, text);
    const hover = hoverText(await c.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position }));
    expect(hover).toContain("Nulls: 1 of 3 rows");
    expect(hover).toContain("Range: 1 … 4");
    expect(c.notifications.filter((x) => x.method === "cx/evaluated")).toHaveLength(0);
  });
});
