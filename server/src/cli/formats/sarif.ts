// SARIF 2.1.0 (cli.md "sarif"): one run whose driver lists every code of the diagnostic catalogue
// as a rule, one result per diagnostic (ruleId = code, level from severity, physical location
// with a 1-based region) and one per missed or at-risk goal, located at the goal's declaration.
// A missed/at-risk goal's result is its CX5001/CX5002 diagnostic, enriched with the goal's
// properties; a synthetic result is added only if that diagnostic is absent. Message texts have
// their control and bidi characters escaped (escapeControls): viewers show them as plain text.
import pkg from "../../../../package.json";
import { CATALOGUE, docsUrl, type CatalogueEntry } from "../../core/diagnostics";
import type { Report, ReportDiagnostic, ReportGoal } from "../../core/report";
import { escapeControls as esc, escapeJsonOutput } from "../../core/escape";
import { goalGroups, indexReport } from "./common";
import { goalSentence } from "./junit";
import type { Formatter } from "./types";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://github.com/cx-metrics/cx-metrics";

type Level = "error" | "warning" | "note" | "none";

export function sarifLevel(severity: string): Level {
  return severity === "error" ? "error" : severity === "warning" ? "warning" : "note";
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded. */
export function pathToUri(p: string): string {
  return p
    .split("/")
    .map((s) => (s === "." || s === ".." ? s : encodeURIComponent(s)))
    .join("/");
}

/** An artifact location: relative paths against %SRCROOT%, absolute ones (outside the current directory) as file: URIs. */
export function artifactLocation(p: string): { uri: string; uriBaseId?: string } {
  if (p.startsWith("/")) return { uri: `file://${pathToUri(p)}` };
  return { uri: pathToUri(p), uriBaseId: "%SRCROOT%" };
}

/** `Goal missed` → `GoalMissed` (SARIF rule names are identifier-like). */
function ruleName(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

const GOAL_CODE: Record<string, string> = { missed: "CX5001", at_risk: "CX5002" };

/**
 * The missed and at-risk goals, each paired with its CX5001/CX5002 diagnostic when the report
 * has one at the goal's declaration.
 */
export function goalFindings(report: Report): { goal: ReportGoal; diagnostic?: ReportDiagnostic }[] {
  const out: { goal: ReportGoal; diagnostic?: ReportDiagnostic }[] = [];
  const key = (code: string, file: string, line: number, column: number) => `${code}\u0000${file}\u0000${line}\u0000${column}`;
  const goalDiagnostics = new Map<string, ReportDiagnostic>();
  for (const d of report.diagnostics) {
    if (d.code !== "CX5001" && d.code !== "CX5002") continue;
    const k = key(d.code, d.file, d.line, d.column);
    if (!goalDiagnostics.has(k)) goalDiagnostics.set(k, d);
  }
  for (const g of report.goals ?? []) {
    const code = GOAL_CODE[g.status];
    if (!code) continue;
    const loc = g.location;
    const diagnostic = loc ? goalDiagnostics.get(key(code, loc.file, loc.line, loc.column)) : undefined;
    out.push({ goal: g, diagnostic });
  }
  return out;
}

export const sarif: Formatter = (report) => {
  const codes = Object.keys(CATALOGUE);
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((code) => {
    const e: CatalogueEntry = CATALOGUE[code as keyof typeof CATALOGUE];
    return {
      id: code,
      name: ruleName(e.title),
      shortDescription: { text: e.title },
      fullDescription: { text: e.message.includes("{") ? e.title : e.message },
      helpUri: docsUrl(code),
      defaultConfiguration: { level: sarifLevel(e.severity) },
    };
  });

  const metrics = indexReport(report).metricByName;
  const findings = goalFindings(report);
  const goalByDiagnostic = new Map(findings.filter((f) => f.diagnostic).map((f) => [f.diagnostic!, f.goal]));

  const region = (line: number, column: number, endLine: number, endColumn: number) => {
    const r: Record<string, number> = { startLine: Math.max(1, line), startColumn: Math.max(1, column) };
    if (endLine >= line) {
      r.endLine = endLine;
      r.endColumn = Math.max(1, endLine === line ? Math.max(column, endColumn) : endColumn);
    }
    return r;
  };
  const location = (file: string, reg: Record<string, number>) => ({
    physicalLocation: { artifactLocation: artifactLocation(file), region: reg },
  });
  const goalProperties = (g: ReportGoal) => {
    const m = g.metric ? metrics.get(g.metric) : undefined;
    const p: Record<string, unknown> = { goal: g.name, metric: g.metric, status: g.status, value: g.value, target: g.target, warn: g.warn, severity: g.severity };
    if (m?.n !== null && m?.n !== undefined) p.n = m.n;
    if (m?.ci) p.ci = m.ci;
    if (m?.compare) p.compare = m.compare;
    const groups = goalGroups(g);
    if (groups) {
      p.scope = "groups";
      p.groupsNotMet = groups.failing;
      if (groups.worst) p.worstGroup = groups.worst;
    }
    if (g.conclusive !== undefined) p.conclusive = g.conclusive;
    if (g.owner) p.owner = g.owner;
    return p;
  };

  const results: unknown[] = report.diagnostics.map((d) => {
    const r: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: sarifLevel(d.severity),
      message: { text: esc(d.message) },
      locations: [location(d.file, region(d.line, d.column, d.endLine, d.endColumn))],
    };
    if (d.related?.length) {
      r.relatedLocations = d.related.map((rel, i) => ({ id: i + 1, ...location(rel.file, region(rel.line, rel.column, -1, -1)), message: { text: esc(rel.message) } }));
    }
    const goal = goalByDiagnostic.get(d);
    if (goal) r.properties = goalProperties(goal);
    return r;
  });
  for (const f of findings) {
    if (f.diagnostic) continue;
    const g = f.goal;
    const code = GOAL_CODE[g.status];
    const loc = g.location;
    const r: Record<string, unknown> = {
      ruleId: code,
      ruleIndex: ruleIndex.get(code),
      level: g.status === "missed" ? sarifLevel(g.severity) : "warning",
      message: { text: esc(goalSentence(g, g.metric ? metrics.get(g.metric) : undefined)) },
      properties: goalProperties(g),
    };
    if (loc) r.locations = [location(loc.file, region(loc.line, loc.column, loc.line, loc.column + g.name.length))];
    results.push(r);
  }

  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cx",
            fullName: "CX Metrics (cx)",
            version: pkg.version,
            semanticVersion: pkg.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        artifacts: report.files.map((f) => ({ location: artifactLocation(f), sourceLanguage: "cx" })),
        results,
        properties: { asOf: report.asOf, summary: report.summary },
      },
    ],
  };
  return escapeJsonOutput(JSON.stringify(log, null, 2)) + "\n";
};
