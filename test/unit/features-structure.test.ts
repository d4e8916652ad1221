// Structure cases (test/fixtures/features/structure/*.cx + *.json):
//   symbols: the outline, one line per symbol ("kind name — detail", children indented);
//   folds: every folding range as [start marker, end marker, kind?] (lines of the markers);
//   selection: { marker: the texts of the first selection ranges, innermost first }.
import { describe, expect, it } from "vitest";
import { documentSymbols, foldingRanges, selectionRanges, type DocumentSymbolInfo } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

interface Exp {
  symbols?: string[];
  folds?: [string, string, string?][];
  selection?: Record<string, string[]>;
}

function outline(symbols: DocumentSymbolInfo[], indent = ""): string[] {
  return symbols.flatMap((s) => [`${indent}${s.kind} ${s.name}${s.detail ? ` — ${s.detail}` : ""}`, ...outline(s.children, indent + "  ")]);
}

describe("structure", () => {
  for (const name of caseNames("structure")) {
    it(name, async () => {
      const c = await loadCase<Exp>("structure", name, { evaluate: false });
      const parse = c.file().parse;
      if (c.expect.symbols) expect(outline(documentSymbols(parse))).toEqual(c.expect.symbols);
      if (c.expect.folds) {
        const expected = c.expect.folds.map(([s, e, kind]) => ({ startLine: c.marker(s).position.line, endLine: c.marker(e).position.line, ...(kind ? { kind } : {}) }));
        expect(foldingRanges(parse)).toEqual(expect.arrayContaining(expected));
        expect(foldingRanges(parse)).toHaveLength(expected.length);
      }
      for (const [marker, texts] of Object.entries(c.expect.selection ?? {})) {
        const m = c.marker(marker);
        const ranges = selectionRanges(parse, m.position);
        expect(ranges.slice(0, texts.length).map((r) => c.slice(m.path, r)), marker).toEqual(texts);
        const last = ranges[ranges.length - 1];
        expect(c.slice(m.path, last), marker).toBe(parse.text);
      }
    });
  }
});
