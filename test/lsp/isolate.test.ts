// The server's isolation of hostile declarations (server/src/lsp/isolate.ts), on its own: blanking
// keeps every other position, and bisection finds exactly the declarations that make a run throw.
import { describe, expect, it } from "vitest";
import { blank, declarationRefs, isolate, Quarantine, type DeclRef } from "../../server/src/lsp/isolate";

const TEXT = [
  'source s { file: "data/s.csv" }',
  "metric a { value: count(s) }",
  "metric bad {",
  "  value: count(s) + count(s)",
  "}",
  "metric b { value: a * 2 }",
  "metric worse { value: 1 }",
  "",
].join("\n");

describe("blank", () => {
  it("empties a declaration's body and keeps every line and column of the rest", () => {
    const refs = declarationRefs([{ path: "/w/m.cx", text: TEXT }]);
    expect(refs.map((r) => r.name)).toEqual(["s", "a", "bad", "b", "worse"]);
    const bad = refs.find((r) => r.name === "bad")!;
    const r = blank("/w/m.cx", TEXT, new Set([bad.text]));
    expect(r.text.length).toBe(TEXT.length);
    const lines = r.text.split("\n");
    const before = TEXT.split("\n");
    expect(lines.length).toBe(before.length);
    expect(lines[2]).toBe("metric bad {");
    expect(lines[3].trim()).toBe("");
    expect(lines[4]).toBe("}");
    for (const i of [0, 1, 5, 6]) expect(lines[i]).toBe(before[i]);
    expect(r.degraded.map((d) => d.name)).toEqual(["bad"]);
  });
});

describe("isolate", () => {
  it("finds every declaration that makes a run throw, and only those", async () => {
    const q = new Quarantine();
    const refs = declarationRefs([{ path: "/w/m.cx", text: TEXT }]);
    const hostile = new Set(refs.filter((r) => r.name === "bad" || r.name === "worse").map((r) => r.text));
    const runs: DeclRef[][] = [];
    // A "run" that throws while any hostile declaration is left in.
    const attempt = async (extra: DeclRef[]) => {
      runs.push(extra);
      const blanked = new Set([...extra.map((e) => e.text), ...(q.of("/w/m.cx") ?? [])]);
      if ([...hostile].some((h) => !blanked.has(h))) throw new RangeError("Maximum call stack size exceeded");
      return "ok";
    };
    const r = await isolate(q, () => refs, attempt);
    expect(r.value).toBe("ok");
    expect(r.culprits.map((c) => c.name).sort()).toEqual(["bad", "worse"]);
    expect([...(q.of("/w/m.cx") ?? [])].sort()).toEqual([...hostile].sort());
    // Next time the quarantine is applied at once: one run.
    runs.length = 0;
    expect((await isolate(q, () => refs, attempt)).culprits).toEqual([]);
    expect(runs).toHaveLength(1);
    // Pruned once the declarations are edited away.
    q.prune(() => TEXT.replace("count(s) + count(s)", "count(s)").replace("metric worse { value: 1 }", ""));
    expect(q.empty).toBe(true);
  });

  it("rethrows when blanking declarations does not help", async () => {
    const q = new Quarantine();
    const refs = declarationRefs([{ path: "/w/m.cx", text: TEXT }]);
    await expect(isolate(q, () => refs, async () => Promise.reject(new Error("cx.yaml is broken")))).rejects.toThrow("cx.yaml is broken");
    expect(q.empty).toBe(true);
  });
});
