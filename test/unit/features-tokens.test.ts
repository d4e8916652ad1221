// Semantic token cases (test/fixtures/features/tokens/*.cx + *.json):
// { "marker": "type[.modifier…]" } — the token starting at the marker. Also checks the LSP encoding.
import { describe, expect, it } from "vitest";
import { encodeTokens, semanticTokens, TOKEN_TYPES } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

describe("semantic tokens", () => {
  for (const name of caseNames("tokens")) {
    it(name, async () => {
      const c = await loadCase<Record<string, string>>("tokens", name, { evaluate: false });
      const parse = c.file().parse;
      const tokens = semanticTokens(parse, c.path, c.ctx.model);
      for (const [marker, want] of Object.entries(c.expect)) {
        const p = c.marker(marker).position;
        const t = tokens.find((x) => x.line === p.line && x.character === p.character);
        expect(t ? [t.type, ...t.modifiers].join(".") : "none", marker).toBe(want);
      }
      // Relative encoding round-trips.
      const data = encodeTokens(tokens);
      let line = 0;
      let ch = 0;
      for (let i = 0, k = 0; i < data.length; i += 5, k++) {
        line += data[i];
        ch = data[i] === 0 ? ch + data[i + 1] : data[i + 1];
        expect([line, ch, data[i + 2], TOKEN_TYPES[data[i + 3]]]).toEqual([tokens[k].line, tokens[k].character, tokens[k].length, tokens[k].type]);
      }
    });
  }
});
