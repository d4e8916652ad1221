// Signature help cases (test/fixtures/features/signature/*.cx + *.json):
// { "marker": { "label": signature, "active": parameter index, "param": its label } | null }.
import { describe, expect, it } from "vitest";
import { signatureHelp } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

type Expect = Record<string, { label: string; active: number; param: string } | null>;

describe("signature help", () => {
  for (const name of caseNames("signature")) {
    it(name, async () => {
      const c = await loadCase<Expect>("signature", name, { evaluate: false });
      const parse = c.file().parse;
      for (const [marker, exp] of Object.entries(c.expect)) {
        const s = signatureHelp(parse.text, c.marker(marker).position, parse.lines);
        if (exp === null) {
          expect(s, marker).toBeUndefined();
          continue;
        }
        expect(s?.label, marker).toBe(exp.label);
        expect(s?.activeParameter, marker).toBe(exp.active);
        const [from, to] = s!.parameters[s!.activeParameter].offsets;
        expect(s!.label.slice(from, to), marker).toBe(exp.param);
      }
    });
  }
});
