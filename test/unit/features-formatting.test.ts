// Formatting edit cases (test/fixtures/features/formatting/NAME.cx → NAME.expected.cx): the edits
// computed from the document and the formatter's output (the one of `cx fmt`), applied to the
// document, give the expected text. `<|start|>` and `<|end|>` markers select a range: only the
// changes touching it are made.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffLines, formatEdits } from "../../server/src/core/features/formatting";
import { format } from "../../server/src/core/format/formatter";
import { applyEdits } from "../lsp/client";
import { caseNames, FEATURES } from "../lsp/feature-cases";
import { stripMarkers } from "../lsp/fixtures";

describe("formatting edits", () => {
  for (const name of caseNames("formatting")) {
    it(name, () => {
      const raw = readFileSync(join(FEATURES, "formatting", `${name}.cx`), "utf8");
      const { text, markers } = stripMarkers(raw);
      const expected = readFileSync(join(FEATURES, "formatting", `${name}.expected.cx`), "utf8");
      const start = markers.find((m) => m.name === "start");
      const end = markers.find((m) => m.name === "end");
      const formatted = format(text);
      expect(formatted.ok).toBe(true);
      if (!formatted.ok) return;
      const edits = formatEdits(text, formatted.text, start && end ? { start: start.position, end: end.position } : undefined);
      expect(applyEdits(text, edits)).toBe(expected);
      if (!start) expect(applyEdits(text, edits)).toBe(formatted.text);
    });
  }

  it("diffs lines minimally", () => {
    expect(diffLines(["a", "b", "c"], ["a", "B", "c"])).toEqual([{ aStart: 1, aEnd: 2, bStart: 1, bEnd: 2 }]);
    expect(diffLines(["a", "c"], ["a", "b", "c"])).toEqual([{ aStart: 1, aEnd: 1, bStart: 1, bEnd: 2 }]);
    expect(diffLines(["a", "x", "c", "y"], ["a", "c"])).toEqual([
      { aStart: 1, aEnd: 2, bStart: 1, bEnd: 1 },
      { aStart: 3, aEnd: 4, bStart: 2, bEnd: 2 },
    ]);
    expect(formatEdits("same\n", "same\n")).toEqual([]);
  });
});
