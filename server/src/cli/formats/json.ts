import { escapeJsonOutput } from "../../core/escape";
import type { Formatter } from "./types";

/**
 * cli.md "JSON report": check prints only files, diagnostics and summary. C1 controls and bidi
 * formatting characters inside strings are written as \u escapes (the same JSON value, nothing a
 * terminal acts on).
 */
export const json: Formatter = (report, ctx) => {
  const out = ctx.command === "check" ? { cx: report.cx, asOf: report.asOf, files: report.files, diagnostics: report.diagnostics, summary: report.summary } : report;
  return escapeJsonOutput(JSON.stringify(out, null, 2)) + "\n";
};
