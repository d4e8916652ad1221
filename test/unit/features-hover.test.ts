// Hover cases: test/fixtures/features/hover/*.cx, expectations by marker in *.json:
// { "marker": { "contains": [markdown fragments], "excludes"?: [...] } | null (no hover) }.
import { describe, expect, it } from "vitest";
import { hover } from "../../server/src/core/features/index";
import { caseNames, loadCase } from "../lsp/feature-cases";

type Expect = Record<string, { contains: string[]; excludes?: string[] } | null>;

describe("hover", () => {
  for (const name of caseNames("hover")) {
    it(name, async () => {
      const c = await loadCase<Expect>("hover", name);
      for (const [marker, exp] of Object.entries(c.expect)) {
        const m = c.marker(marker);
        const h = hover(c.ctx, m.path, m.position);
        if (exp === null) {
          expect(h, marker).toBeUndefined();
          continue;
        }
        expect(h, marker).toBeDefined();
        for (const s of exp.contains) expect(h!.contents, marker).toContain(s);
        for (const s of exp.excludes ?? []) expect(h!.contents, marker).not.toContain(s);
        // The range covers the hovered position.
        const r = h!.range;
        const inside = (r.start.line < m.position.line || (r.start.line === m.position.line && r.start.character <= m.position.character)) &&
          (r.end.line > m.position.line || (r.end.line === m.position.line && r.end.character >= m.position.character));
        expect(inside, `${marker} range`).toBe(true);
      }
    });
  }
});
