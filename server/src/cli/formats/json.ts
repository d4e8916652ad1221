import type { Formatter } from "./types";

/** cli.md "JSON report": check prints only files, diagnostics and summary. */
export const json: Formatter = (report, ctx) => {
  const out = ctx.command === "check" ? { cx: report.cx, asOf: report.asOf, files: report.files, diagnostics: report.diagnostics, summary: report.summary } : report;
  return JSON.stringify(out, null, 2) + "\n";
};
