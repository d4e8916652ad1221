// Navigation cases: test/fixtures/features/navigation/*.cx, expectations by marker in *.json:
//   definition: marker where the target range starts (null: none); definitionFile (+ definitionText:
//   the text at the target range) for data files; references: markers of every occurrence
//   (declaration included); referenceCount; highlights: { marker: read|write };
//   rename: { newName, edits: [markers], inserts?: [texts inserted besides the renamed names] } or
//   { newName, error }.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { definition, highlights, prepareRename, references, rename } from "../../server/src/core/features/index";
import { caseNames, FEATURES, loadCase } from "../lsp/feature-cases";

interface Exp {
  definition?: string | null;
  definitionFile?: string;
  definitionText?: string;
  references?: string[];
  referenceCount?: number;
  highlights?: Record<string, "read" | "write">;
  rename?: { newName: string; edits?: string[]; inserts?: string[]; error?: string };
}

const key = (path: string, p: { line: number; character: number }) => `${path}:${p.line}:${p.character}`;

describe("navigation", () => {
  for (const name of caseNames("navigation")) {
    it(name, async () => {
      const c = await loadCase<Record<string, Exp>>("navigation", name);
      const at = (marker: string) => {
        const m = c.marker(marker);
        return key(m.path, m.position);
      };
      for (const [marker, exp] of Object.entries(c.expect)) {
        const m = c.marker(marker);
        if (exp.definition !== undefined) {
          const d = definition(c.ctx, m.path, m.position);
          if (exp.definition === null) expect(d, marker).toBeUndefined();
          else expect(d?.targets.map((t) => key(t.file, t.range.start)), marker).toEqual([at(exp.definition)]);
        }
        if (exp.definitionFile) {
          const d = definition(c.ctx, m.path, m.position)!;
          expect(d.targets[0].file, marker).toBe(`${FEATURES}/${exp.definitionFile}`);
          if (exp.definitionText) {
            const r = d.targets[0].range;
            const line = readFileSync(d.targets[0].file, "utf8").split("\n")[r.start.line];
            expect(line.slice(r.start.character, r.end.character), marker).toBe(exp.definitionText);
          }
        }
        if (exp.references) {
          const refs = references(c.ctx, m.path, m.position, true).map((l) => key(l.file, l.range.start)).sort();
          expect(refs, marker).toEqual(exp.references.map(at).sort());
          expect(references(c.ctx, m.path, m.position, false).length, marker).toBe(exp.references.length - 1);
        }
        if (exp.referenceCount !== undefined) expect(references(c.ctx, m.path, m.position, true).length, marker).toBe(exp.referenceCount);
        if (exp.highlights) {
          const hs = Object.fromEntries(highlights(c.ctx, m.path, m.position).map((h) => [key(m.path, h.range.start), h.kind]));
          expect(hs, marker).toEqual(Object.fromEntries(Object.entries(exp.highlights).map(([k, v]) => [at(k), v])));
        }
        if (exp.rename) {
          const r = rename(c.ctx, m.path, m.position, exp.rename.newName);
          if (exp.rename.error) {
            expect(r, marker).toEqual({ error: exp.rename.error });
          } else {
            expect("edits" in r, marker).toBe(true);
            if ("edits" in r) {
              const names = r.edits.filter((e) => e.newText === exp.rename!.newName);
              expect(names.map((e) => key(e.file, e.range.start)).sort(), marker).toEqual(exp.rename.edits!.map(at).sort());
              expect(r.edits.filter((e) => e.newText !== exp.rename!.newName).map((e) => e.newText), marker).toEqual(exp.rename.inserts ?? []);
            }
            const prep = prepareRename(c.ctx, m.path, m.position);
            expect("range" in prep && c.slice(m.path, prep.range), marker).toBe("placeholder" in prep ? prep.placeholder : "");
          }
        }
      }
    });
  }
});
