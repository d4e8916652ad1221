// The one diagnostic catalogue (language reference §7). Every code the tools emit is here,
// with its default severity, message template and docs anchor — like TypeScript's
// diagnosticMessages.json. Stages create diagnostics only through `diag()`.
import type { Range } from "./text";

export type Severity = "error" | "warning" | "info" | "hint";

export interface CatalogueEntry {
  code: string;
  severity: Severity;
  /** Template with {placeholders}; the first sentence says what is wrong, the rest what to do. */
  message: string;
  /** Short title, used by SARIF rules and docs. */
  title: string;
}

/** Documentation base for `codeDescription.href` and SARIF `helpUri`. */
export const DOCS_BASE = "https://github.com/cx-metrics/cx-metrics/blob/main/docs/diagnostics.md";

export const CATALOGUE = {
  CX1001: { code: "CX1001", severity: "error", title: "Syntax error", message: "{detail}" },
  CX1002: { code: "CX1002", severity: "error", title: "Unterminated string or comment", message: "{detail}" },
  CX1003: { code: "CX1003", severity: "error", title: "Invalid character or literal", message: "{detail}" },
  CX2001: { code: "CX2001", severity: "error", title: "Unknown name", message: "Unknown {what} '{name}'.{hint}" },
  CX2002: { code: "CX2002", severity: "error", title: "Duplicate declaration or property", message: "{detail}" },
  CX2003: { code: "CX2003", severity: "error", title: "Unknown column", message: "Unknown column '{name}' in source '{source}'.{hint}" },
  CX2004: { code: "CX2004", severity: "error", title: "Unknown function", message: "Unknown function '{name}'.{hint}" },
  CX2005: { code: "CX2005", severity: "error", title: "Unknown property", message: "Unknown property '{name}' for {what}.{hint}" },
  CX2006: { code: "CX2006", severity: "error", title: "Missing required property", message: "{what} '{name}' is missing the required property '{property}'. Add '{property}: …'." },
  CX2007: { code: "CX2007", severity: "error", title: "Imported file not found", message: "Cannot find imported file '{path}'." },
  CX2008: { code: "CX2008", severity: "error", title: "Import cycle", message: "Import cycle: {cycle}. Remove one of these imports." },
  CX3001: { code: "CX3001", severity: "error", title: "Type mismatch", message: "{detail}" },
  CX3002: { code: "CX3002", severity: "error", title: "Wrong context", message: "{detail}" },
  CX3003: { code: "CX3003", severity: "warning", title: "Unit mismatch", message: "{detail}" },
  CX3004: { code: "CX3004", severity: "error", title: "Circular reference", message: "{what} '{name}' is part of a reference cycle: {cycle}." },
  CX3005: { code: "CX3005", severity: "error", title: "Window or trend without timestamp", message: "{what} needs a timestamp, but source '{source}' has no 'timestamp:'. Add 'timestamp: <date column>' to source '{source}'." },
  CX3006: { code: "CX3006", severity: "warning", title: "Percent compared with a plain number", message: "Metric '{metric}' is a percent (0–1), but this threshold is {value}. Did you mean {value}%?" },
  CX3007: { code: "CX3007", severity: "error", title: "Warn stricter than target", message: "The 'warn' threshold {warn} is stricter than the target {target}; it must be looser so that 'at risk' lies between them." },
  CX3008: { code: "CX3008", severity: "error", title: "Wrong arguments", message: "{detail}" },
  CX3009: { code: "CX3009", severity: "hint", title: "Declared but never used", message: "{what} '{name}' {detail}." },
  CX3011: { code: "CX3011", severity: "error", title: "Goal for every group of a metric without groups", message: "{detail}" },
  CX3012: { code: "CX3012", severity: "error", title: "Comparison without a window", message: "{detail}" },
  CX3013: { code: "CX3013", severity: "error", title: "Metric reference chain too deep", message: "{detail}" },
  CX3010: { code: "CX3010", severity: "warning", title: "Journey touchpoint without score", message: "Touchpoint '{name}' has no 'score' metric, so it does not count in journey '{journey}'. Add 'score: <metric>' to the touchpoint." },
  CX4001: { code: "CX4001", severity: "error", title: "Data file not found", message: "{detail}" },
  CX4002: { code: "CX4002", severity: "error", title: "Declared column missing from data", message: "Column '{name}' is declared in source '{source}' but missing from {file}.{hint}" },
  CX4003: { code: "CX4003", severity: "warning", title: "Value does not match column type", message: "{detail}" },
  CX4004: { code: "CX4004", severity: "warning", title: "Malformed record", message: "{detail}" },
  CX4005: { code: "CX4005", severity: "error", title: "Data path outside the workspace", message: "{detail}" },
  CX4006: { code: "CX4006", severity: "warning", title: "Score outside the scale", message: "{detail}" },
  CX4007: { code: "CX4007", severity: "warning", title: "Division by zero", message: "{detail}" },
  CX4008: { code: "CX4008", severity: "warning", title: "Sample too small", message: "Metric '{name}' is computed from only {n} {what}, fewer than min_sample {min}: its value is not reliable.{hint}" },
  CX4009: { code: "CX4009", severity: "warning", title: "Data file not valid in its encoding", message: "{detail}" },
  CX5001: { code: "CX5001", severity: "error", title: "Goal missed", message: "Goal '{name}' missed: {metric} is {value}, target {target}." },
  CX5002: { code: "CX5002", severity: "warning", title: "Goal at risk", message: "Goal '{name}' at risk: {metric} is {value}, target {target} (warn {warn})." },
  CX5003: { code: "CX5003", severity: "warning", title: "Goal has no data", message: "Goal '{name}' has no data: metric '{metric}' has no value{reason}." },
} as const satisfies Record<string, CatalogueEntry>;

export type Code = keyof typeof CATALOGUE;

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  /** Absolute path of the file the diagnostic is in (a .cx file, a data file or cx.yaml). */
  file: string;
  /** 0-based range. */
  range: Range;
  related?: RelatedInfo[];
  /** Tags for editors: "unnecessary" for unused declarations. */
  tags?: ("unnecessary" | "deprecated")[];
  /** Machine-readable details for quick fixes (e.g. the suggested name). */
  data?: Record<string, unknown>;
}

export function formatMessage(template: string, args: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in args ? String(args[k]) : m));
}

/** Creates a diagnostic from the catalogue. Missing placeholders stay visible, so tests catch them. */
export function diag(
  code: Code,
  file: string,
  range: Range,
  args: Record<string, string | number> = {},
  extra: { severity?: Severity; related?: RelatedInfo[]; data?: Record<string, unknown> } = {},
): Diagnostic {
  const entry: CatalogueEntry = CATALOGUE[code];
  const d: Diagnostic = {
    code,
    severity: extra.severity ?? entry.severity,
    message: formatMessage(entry.message, { hint: "", reason: "", ...args }),
    file,
    range,
  };
  if (extra.related?.length) d.related = extra.related;
  if (extra.data) d.data = extra.data;
  if (code === "CX3009") d.tags = ["unnecessary"];
  return d;
}

export function docsUrl(code: string): string {
  return `${DOCS_BASE}#${code.toLowerCase()}`;
}

/** Orders diagnostics by file, then position, then code — the order every report uses. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
