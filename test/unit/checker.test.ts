// Checker fixtures: test/fixtures/checker/**/*.cx, caret-annotated (test/support/annotations.ts).
// Each fixture is checked as its own workspace (its directory is the root, so fixtures can link
// data files next to them). Expected = exactly the annotations on that file. CX3009 hints are
// included only when the fixture's first line is `// check: hints`.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { listCx } from "../support/files";
import { join, dirname } from "node:path";
import { NodeHost } from "../../server/src/node/host";
import { DataCache } from "../../server/src/core/data/reader";
import { analyze } from "../../server/src/core/analyze";
import { annotationKeys, diagnosticKeys, renderAnnotations } from "../support/annotations";

const root = join(__dirname, "../fixtures/checker");

describe("checker fixtures", () => {
  for (const file of listCx(root, ["data"])) {
    it(file.slice(root.length + 1), async () => {
      const text = readFileSync(file, "utf8");
      const host = new NodeHost();
      const analysis = await analyze({ root: dirname(file), inputs: [file], host, cache: new DataCache(host), mode: "check" });
      const hints = text.startsWith("// check: hints");
      const diags = analysis.model.diagnostics.filter((d) => d.file === file && (hints || d.code !== "CX3009"));
      const actual = diagnosticKeys(diags);
      const expected = annotationKeys(text);
      if (actual.join("\n") !== expected.join("\n")) {
        // Show the fixture as it would look annotated with the actual diagnostics.
        expect(renderAnnotations(text, diags)).toBe(text.replace(/\r\n/g, "\n"));
      }
      expect(actual).toEqual(expected);
    });
  }
});
