// Completion cases: test/fixtures/features/completion/*.cx, expectations by marker in *.json:
// { "marker": { "includes"?: [labels], "excludes"?: [labels], "exactly"?: [labels in order],
//   "insert"?: { label: the text (snippet) it inserts } } }.
import { describe, expect, it } from "vitest";
import { complete } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

type Expect = Record<string, { includes?: string[]; excludes?: string[]; exactly?: string[]; insert?: Record<string, string> }>;

describe("completion", () => {
  for (const name of caseNames("completion")) {
    it(name, async () => {
      const c = await loadCase<Expect>("completion", name);
      for (const [marker, exp] of Object.entries(c.expect)) {
        const m = c.marker(marker);
        const parse = c.file(m.path).parse;
        const items = complete(c.ctx, m.path, parse.text, m.position, parse.lines);
        const labels = items.map((i) => i.label);
        for (const [label, text] of Object.entries(exp.insert ?? {})) {
          const item = items.find((i) => i.label === label);
          expect(item?.insertText ?? item?.label, `${marker}: ${label}`).toBe(text);
        }
        if (exp.exactly) expect(labels, marker).toEqual(exp.exactly);
        if (exp.includes) expect(labels, marker).toEqual(expect.arrayContaining(exp.includes));
        for (const l of exp.excludes ?? []) expect(labels, `${marker} excludes ${l}`).not.toContain(l);
      }
    });
  }
});
