// GitHub Actions workflow commands (cli.md "github"): `::error file=…,line=…,col=…,endLine=…,
// endColumn=…,title=CODE::message`, one per diagnostic (error → ::error, warning → ::warning,
// info → ::notice) and one per missed/at-risk goal (its CX5001/CX5002 diagnostic, or a synthetic
// one at the goal's declaration when the report lacks it).
//
// Every message and property value is escaped twice over: first control and bidi characters other
// than CR and LF become visible escapes (escapeControls), then GitHub's own escaping applies
// (`%`, CR, LF; in properties also `:` and `,`). A command is therefore always one line, and no
// text from a .cx file or data can start another workflow command or hide what it says.
import type { ReportDiagnostic } from "../../core/report";
import { escapeControls } from "../../core/escape";
import { indexReport } from "./common";
import { goalSentence } from "./junit";
import { goalFindings } from "./sarif";
import type { Formatter } from "./types";

/** Escapes a command's message (GitHub's `escapeData`): `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command property value (GitHub's `escapeProperty`): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `::command prop=value,…::message`, with every value and the message escaped (see the header). */
export function workflowCommand(command: string, props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(escapeControls(String(v), true))}`)
    .join(",");
  return `::${command}${p ? " " + p : ""}::${escapeData(escapeControls(message, true))}`;
}

const COMMAND: Record<string, string> = { error: "error", warning: "warning", info: "notice" };

function diagnosticCommand(d: ReportDiagnostic): string {
  const props: Record<string, string | number> = { file: d.file, line: d.line, col: d.column };
  if (d.endLine >= d.line) {
    props.endLine = d.endLine;
    props.endColumn = d.endLine === d.line ? Math.max(d.column, d.endColumn) : d.endColumn;
  }
  props.title = d.code;
  return workflowCommand(COMMAND[d.severity] ?? "notice", props, d.message);
}

export const github: Formatter = (report) => {
  const lines = report.diagnostics.map(diagnosticCommand);
  const metrics = indexReport(report).metricByName;
  for (const { goal: g, diagnostic } of goalFindings(report)) {
    if (diagnostic) continue;
    const loc = g.location;
    const props: Record<string, string | number | undefined> = loc
      ? { file: loc.file, line: loc.line, col: loc.column, endLine: loc.line, endColumn: loc.column + g.name.length }
      : {};
    props.title = g.status === "missed" ? "CX5001" : "CX5002";
    lines.push(workflowCommand(g.status === "missed" && g.severity === "error" ? "error" : "warning", props, goalSentence(g, g.metric ? metrics.get(g.metric) : undefined)));
  }
  return lines.length ? lines.join("\n") + "\n" : "";
};
