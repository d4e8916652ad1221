// Every snippet (snippets/cx.json), with its placeholders filled with their defaults, is valid .cx
// (snippets for a piece of a declaration are checked inside one).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../server/src/core/syntax";

const snippets = JSON.parse(readFileSync(resolve(__dirname, "../../snippets/cx.json"), "utf8")) as Record<string, { prefix: string; body: string[] }>;

/** Fills `${1:default}`, `${1|a,b|}`, `${1}` and `$0` like an editor that accepts every default. */
function expand(body: string[]): string {
  let text = body.join("\n").replace(/\t/g, "  ");
  const defaults = new Map<string, string>();
  for (let k = 0; k < 5; k++) {
    text = text.replace(/\$\{(\d+):((?:[^{}]|\{[^{}]*\})*)\}/g, (_, n: string, d: string) => {
      defaults.set(n, d);
      return d;
    });
  }
  text = text.replace(/\$\{(\d+)\|([^,|]*)[^|]*\|\}/g, (_, n: string, d: string) => (defaults.set(n, d), d));
  return text.replace(/\$\{(\d+)\}/g, (_, n: string) => defaults.get(n) ?? "").replace(/\$0/g, "");
}

describe("snippets", () => {
  it("has the version 2 snippets", () => {
    expect(Object.values(snippets).map((s) => s.prefix)).toEqual(expect.arrayContaining(["funnel", "cohort", "drivers", "derive", "from"]));
  });
  for (const [name, s] of Object.entries(snippets)) {
    it(`${name} expands to valid .cx`, () => {
      let text = expand(s.body);
      if (s.prefix === "derive") text = `source s {\n${text}\n}`;
      if (s.prefix === "from") text = `source s {\n columns {\n${text}\n }\n}`;
      expect(text).not.toMatch(/\$/);
      expect(parse(text, "/snippet.cx").diagnostics).toEqual([]);
    });
  }
});
