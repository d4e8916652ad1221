// JUnit XML (cli.md "junit"): one <testsuite> per file, one <testcase> per goal (missed →
// <failure>; at risk and no data → <skipped> with a message) and one failing <testcase> per
// error diagnostic. Goal diagnostics (CX5xxx) are represented by their goal's test case, not
// twice. Warnings and infos go to the suite's <system-out>, so they are visible but never fail.
// Strings from .cx files, data and file names have their control and bidi characters escaped
// (escapeControls) before XML escaping: CI systems print these messages in logs.
import type { ReportDiagnostic, ReportGoal, ReportMetric } from "../../core/report";
import { escapeControls as esc } from "../../core/escape";
import { STATUS_WORD, compareText, goalGroups, goalGroupsStatusText, indexReport, keyText, metricValueText, thresholdText } from "./common";
import { ciRange } from "./markdown";
import type { Formatter } from "./types";

/** Characters XML 1.0 does not allow, even escaped. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string, attribute = true): string {
  const t = s.replace(INVALID_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return attribute ? t.replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;") : t;
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join("");
}

interface Case {
  name: string;
  classname: string;
  file: string;
  line?: number;
  outcome: { kind: "pass" } | { kind: "failure" | "skipped"; message: string; type?: string; body?: string };
}

/**
 * One sentence for a goal's outcome, shared by junit, sarif and github (not escaped: each format
 * escapes it for its medium). A `scope: groups` goal names how many groups missed or are at risk
 * and the worst one; a compared metric adds its change and significance.
 */
export function goalSentence(g: ReportGoal, m: ReportMetric | undefined): string {
  const target = thresholdText(g, m, "target");
  const warn = g.warn ? `, warn ${thresholdText(g, m, "warn")}` : "";
  const change = m?.compare ? `; ${compareText(m, m.compare)}` : "";
  const fmt = (v: number | null) => (m ? metricValueText({ ...m, value: v }) : String(v));
  const groups = goalGroups(g);
  if (groups && g.status !== "no_data") {
    const worst = groups.worst ? ` (worst: ${keyText(groups.worst.key)} ${fmt(groups.worst.value)})` : "";
    const conclusive = g.conclusive === false ? " (not conclusive)" : "";
    return `Goal '${g.name}' ${STATUS_WORD[g.status] ?? g.status}${conclusive}: ${g.metric ?? "?"} ${goalGroupsStatusText(groups)}${worst}, target ${target || "?"}${warn}${change}.`;
  }
  if (g.value === null) return `Goal '${g.name}' has no data: metric ${g.metric ?? "?"} has no value (target ${target || "?"}${warn}).`;
  const sample = m?.n !== null && m?.n !== undefined ? `, n=${m.n}` : "";
  const ci = m?.ci ? `, ${+(m.ci.level * 100).toFixed(4)}% CI ${ciRange(m)}` : "";
  const conclusive = g.conclusive === false ? " (not conclusive)" : "";
  return `Goal '${g.name}' ${STATUS_WORD[g.status] ?? g.status}${conclusive}: ${g.metric ?? "?"} is ${fmt(g.value)}${sample}${ci}, target ${target || "?"}${warn}${change}.`;
}

export const junit: Formatter = (report) => {
  const suites = new Map<string, Case[]>();
  const out = new Map<string, string[]>();
  const suite = (file: string) => {
    if (!suites.has(file)) suites.set(file, []);
    return suites.get(file)!;
  };
  for (const f of report.files) suite(f);
  const metrics = indexReport(report).metricByName;

  for (const g of report.goals ?? []) {
    const file = g.location?.file ?? report.files[0] ?? "cx";
    const m = g.metric ? metrics.get(g.metric) : undefined;
    const message = esc(goalSentence(g, m));
    const outcome: Case["outcome"] =
      g.status === "met"
        ? { kind: "pass" }
        : g.status === "missed"
          ? { kind: "failure", message, type: "CX5001", body: g.location ? `${esc(g.location.file)}:${g.location.line}:${g.location.column}\n${message}` : message }
          : { kind: "skipped", message };
    suite(file).push({ name: `goal ${esc(g.name)}`, classname: esc(file), file: esc(file), line: g.location?.line, outcome });
  }
  for (const d of report.diagnostics) {
    if (d.code.startsWith("CX5")) continue; // represented by the goal's test case
    if (d.severity !== "error") {
      suite(d.file);
      const list = out.get(d.file);
      if (list) list.push(plainDiagnostic(d));
      else out.set(d.file, [plainDiagnostic(d)]);
      continue;
    }
    suite(d.file).push({
      name: `${esc(d.code)} at ${d.line}:${d.column}`,
      classname: esc(d.file),
      file: esc(d.file),
      line: d.line,
      outcome: { kind: "failure", message: esc(d.message), type: esc(d.code), body: plainDiagnostic(d) },
    });
  }

  const count = (cs: Case[], k: string) => {
    let n = 0;
    for (const c of cs) if (c.outcome.kind === k) n++;
    return n;
  };
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const cases of suites.values()) {
    tests += cases.length;
    failures += count(cases, "failure");
    skipped += count(cases, "skipped");
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites${attrs({ name: "cx", tests, failures, errors: 0, skipped, time: "0" })}>`);
  for (const [file, cases] of suites) {
    lines.push(`  <testsuite${attrs({ name: esc(file), tests: cases.length, failures: count(cases, "failure"), errors: 0, skipped: count(cases, "skipped"), time: "0" })}>`);
    for (const c of cases) {
      const open = `    <testcase${attrs({ name: c.name, classname: c.classname, file: c.file, line: c.line, time: "0" })}`;
      if (c.outcome.kind === "pass") {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      const a = attrs({ message: c.outcome.message, type: c.outcome.type });
      if (c.outcome.kind === "skipped" || !c.outcome.body) lines.push(`      <${c.outcome.kind}${a}/>`);
      else lines.push(`      <failure${a}>${xmlEscape(c.outcome.body, false)}</failure>`);
      lines.push("    </testcase>");
    }
    const sysout = out.get(file);
    if (sysout?.length) lines.push(`    <system-out>${xmlEscape(sysout.join("\n"), false)}</system-out>`);
    if (!cases.length && !sysout?.length) lines[lines.length - 1] = lines[lines.length - 1].replace(/>$/, "/>");
    else lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
};

function plainDiagnostic(d: ReportDiagnostic): string {
  return esc(`${d.file}:${d.line}:${d.column} - ${d.severity} ${d.code}: ${d.message}`);
}
