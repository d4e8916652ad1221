// Evaluator fixtures: test/fixtures/eval/NAME/{main.cx, data/…, cx.yaml?, expected.json}. Values in
// expected.json are computed by hand (the workings are in comments in main.cx). The format is the
// shared conformance suite's case.json (test/support/expectations.ts): metrics with value, n, rows,
// groups, trend and compare; goals; journeys; funnels; cohorts; drivers; diagnostics. Goal
// outcomes (CX5xxx), which reports carry in `goals`, may be expected as diagnostics too.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NodeHost } from "../../server/src/node/host";
import { DataCache } from "../../server/src/core/data/reader";
import { run } from "../../server/src/core/engine";
import { checkReport, type Expectations } from "../support/expectations";

const root = join(__dirname, "../fixtures/eval");

describe("evaluator fixtures", () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!existsSync(join(dir, "expected.json"))) continue;
    it(name, async () => {
      const exp = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expectations;
      const host = new NodeHost();
      const files = readdirSync(dir).filter((f) => f.endsWith(".cx")).map((f) => join(dir, f));
      const configFile = existsSync(join(dir, "cx.yaml")) ? join(dir, "cx.yaml") : undefined;
      const { report, result } = await run({ mode: "eval", root: dir, inputs: files, host, configFile, cache: new DataCache(host), asOf: exp.asOf ?? "2026-06-30", today: "2026-06-30", relativeTo: dir });
      // Goal outcomes (CX5xxx) are not report diagnostics; the evaluator still produces them for the editor.
      const goalDiags = (result?.diagnostics ?? [])
        .filter((d) => d.code.startsWith("CX5"))
        .map((d) => ({ code: d.code, line: d.range.start.line + 1, file: d.file.slice(dir.length + 1), severity: d.severity, message: d.message }));
      expect(checkReport(report, exp, goalDiags)).toEqual([]);
    });
  }
});
