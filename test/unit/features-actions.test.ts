// Code action cases (test/fixtures/features/actions/*.cx + *.json): for each marker, the actions
// for the diagnostics at that position (exactly these titles, in order), and the file text after
// applying one of them ("contains" / "endsWith").
import { describe, expect, it } from "vitest";
import { codeActions } from "../../server/src/core/features/index";
import { allDiagnostics } from "../../server/src/core/report";
import { applyEdits } from "../lsp/client";
import { caseNames, loadCase } from "../lsp/feature-cases";

type Expect = Record<string, { titles: string[]; apply?: { title: string; contains?: string; endsWith?: string } }>;

const before = (a: { line: number; character: number }, b: typeof a) => a.line < b.line || (a.line === b.line && a.character < b.character);

describe("code actions", () => {
  for (const name of caseNames("actions")) {
    it(name, async () => {
      const c = await loadCase<Expect>("actions", name);
      const diags = allDiagnostics(c.ctx.model, c.ctx.evaluation);
      for (const [marker, exp] of Object.entries(c.expect)) {
        const m = c.marker(marker);
        const range = { start: m.position, end: m.position };
        const here = diags.filter((d) => d.file === m.path && !before(d.range.end, m.position) && !before(m.position, d.range.start));
        const actions = codeActions(c.ctx, m.path, range, here);
        expect(actions.map((a) => a.title), marker).toEqual(exp.titles);
        if (exp.apply) {
          const a = actions.find((x) => x.title === exp.apply!.title)!;
          const file = a.edits[0].file;
          const text = applyEdits(c.file(file).parse.text, a.edits.filter((e) => e.file === file));
          if (exp.apply.contains) expect(text.includes(exp.apply.contains), `${marker}: ${text}`).toBe(true);
          if (exp.apply.endsWith) expect(text.endsWith(exp.apply.endsWith), `${marker}: ${JSON.stringify(text.slice(-120))}`).toBe(true);
        }
      }
    });
  }
});
