// Inline value cases (test/fixtures/features/inline/*.cx + *.json): "hints" — the inlay hint label
// at each marker (exactly these hints in the file); "lenses" — the code lens title on each
// marker's line (exactly these lenses).
import { describe, expect, it } from "vitest";
import { codeLenses, inlayHints } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

interface Exp {
  hints?: Record<string, string>;
  lenses?: Record<string, string>;
}

describe("inline values", () => {
  for (const name of caseNames("inline")) {
    it(name, async () => {
      const c = await loadCase<Exp>("inline", name);
      const hints = inlayHints(c.ctx, c.path).map((h) => ({ at: h.position, label: h.label }));
      expect(hints).toEqual(Object.entries(c.expect.hints ?? {}).map(([m, label]) => ({ at: c.marker(m).position, label })));
      const lenses = codeLenses(c.ctx, c.path).map((l) => ({ line: l.range.start.line, title: l.title }));
      expect(lenses).toEqual(Object.entries(c.expect.lenses ?? {}).map(([m, title]) => ({ line: c.marker(m).position.line, title })));
      // Without an evaluation there is nothing to show.
      expect(inlayHints({ ...c.ctx, evaluation: undefined }, c.path)).toEqual([]);
      expect(codeLenses({ ...c.ctx, evaluation: undefined }, c.path)).toEqual([]);
    });
  }
});
