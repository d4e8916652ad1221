// Completion cases: test/fixtures/features/completion/*.cx, expectations by marker in *.json:
// { "marker": { "includes"?: [labels], "excludes"?: [labels], "exactly"?: [labels in order] } }.
import { describe, expect, it } from "vitest";
import { complete } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

type Expect = Record<string, { includes?: string[]; excludes?: string[]; exactly?: string[] }>;

describe("completion", () => {
  for (const name of caseNames("completion")) {
    it(name, async () => {
      const c = await loadCase<Expect>("completion", name);
      for (const [marker, exp] of Object.entries(c.expect)) {
        const m = c.marker(marker);
        const parse = c.file(m.path).parse;
        const labels = complete(c.ctx, m.path, parse.text, m.position, parse.lines).map((i) => i.label);
        if (exp.exactly) expect(labels, marker).toEqual(exp.exactly);
        if (exp.includes) expect(labels, marker).toEqual(expect.arrayContaining(exp.includes));
        for (const l of exp.excludes ?? []) expect(labels, `${marker} excludes ${l}`).not.toContain(l);
      }
    });
  }
});
