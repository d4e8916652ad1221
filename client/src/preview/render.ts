// Renders a `cx eval` JSON report (../shared/spec/cli.md) into a DOM element: goals summary, journeys,
// metrics grouped by touchpoint with their charts, and diagnostics. Pure DOM, no VS Code API: webview.ts
// wires it to messages, tests drive it in a real browser.
//
// Every string that comes from the report is inserted as a text node or an attribute value through the
// DOM builders of dom.ts — never through innerHTML.

import { barChart, lineChart } from "./charts";
import { type Attrs, type Builder, type Child, builder, setVars } from "./dom";
import {
  type FormatOptions,
  STATUS_ORDER,
  formatCi,
  formatCount,
  formatThreshold,
  formatValue,
  isLowerBetterUnit,
  statusInfo,
} from "./format";
import type { GoalResult, JourneyResult, JourneyStep, MetricResult, Report, ReportDiagnostic, SourceLocation } from "./types";

export interface RevealTarget {
  file: string;
  line: number;
  column: number;
}

export interface RenderOptions {
  folderName: string;
  onReveal(target: RevealTarget): void;
}

const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v.filter((x) => x !== null && typeof x === "object") : []);
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const str = (v: unknown, fallback = ""): string => (v === null || v === undefined ? fallback : String(v));

function validLocation(loc: SourceLocation | null | undefined): RevealTarget | null {
  if (!loc || typeof loc !== "object") return null;
  if (typeof loc.file !== "string" || !loc.file || !num(loc.line)) return null;
  return { file: loc.file, line: loc.line, column: num(loc.column) ? loc.column : 1 };
}

class Renderer {
  readonly b: Builder;
  readonly metrics = new Map<string, MetricResult>();
  readonly goalsByMetric = new Map<string, GoalResult[]>();

  constructor(
    doc: Document,
    readonly report: Report,
    readonly opts: RenderOptions,
  ) {
    this.b = builder(doc);
    for (const m of arr(report.metrics)) if (!this.metrics.has(str(m.name))) this.metrics.set(str(m.name), m);
    for (const g of arr(report.goals)) {
      const key = str(g.metric);
      const list = this.goalsByMetric.get(key) ?? [];
      list.push(g);
      this.goalsByMetric.set(key, list);
    }
  }

  fmtOf(m: MetricResult | undefined): FormatOptions {
    return { decimals: m?.decimals ?? null, currency: m?.currency ?? null };
  }

  metricLabel(m: MetricResult | undefined, fallback: string): string {
    return str(m?.label) || str(m?.name) || fallback;
  }

  /** A button that reveals a definition when a location is known; plain text otherwise. */
  link(text: string, loc: SourceLocation | null | undefined, what: string, cls = ""): HTMLElement {
    const target = validLocation(loc);
    const { h } = this.b;
    if (!target) return h("span", { class: `name ${cls}`.trim() }, text);
    const btn = h("button", { type: "button", class: `link ${cls}`.trim(), title: `Go to ${what} (${target.file}:${target.line})`, "data-reveal": `${target.file}:${target.line}:${target.column}` }, text);
    btn.addEventListener("click", (e) => {
      e.preventDefault();
      this.opts.onReveal({ ...target });
    });
    return btn;
  }

  status(status: string | null | undefined, opts: { conclusive?: boolean; short?: boolean } = {}): HTMLElement {
    const st = statusInfo(status);
    const { h } = this.b;
    return h(
      "span",
      { class: `status status-${st.cls}`, "data-status": str(status) },
      h("span", { class: "mark", "aria-hidden": "true" }, st.mark),
      " ",
      h("span", { class: "status-text" }, st.text),
      opts.conclusive === false
        ? h("span", { class: "inconclusive", title: "The confidence interval straddles the target" }, " · not conclusive")
        : null,
    );
  }

  /** A table in a horizontally scrolling box, for narrow panels. */
  scroll(tag: string, attrs: Attrs, ...children: Child[]): HTMLElement {
    return this.b.h("div", { class: "table-wrap" }, this.b.h(tag, attrs, ...children));
  }

  badge(text: string | number, title?: string): HTMLElement {
    return this.b.h("vscode-badge", { variant: "counter", title }, String(text));
  }

  render(): DocumentFragment {
    const frag = this.b.doc.createDocumentFragment();
    frag.append(this.header());
    const evaluated = Array.isArray(this.report.metrics) || Array.isArray(this.report.goals) || Array.isArray(this.report.journeys);
    if (!evaluated) {
      frag.append(this.b.h("p", { class: "cx-note" }, "This report has no evaluation results (only a check). Metrics, goals and journeys appear after an evaluation."));
    } else {
      frag.append(this.goals());
      const journeys = this.journeys();
      if (journeys) frag.append(journeys);
      frag.append(this.metricsSection());
    }
    frag.append(this.diagnostics());
    return frag;
  }

  header(): HTMLElement {
    const { h } = this.b;
    const r = this.report;
    const meta: (string | HTMLElement)[] = [];
    if (r.asOf) meta.push(h("span", {}, "As of ", h("time", { datetime: str(r.asOf) }, str(r.asOf))));
    const files = Array.isArray(r.files) ? r.files.length : 0;
    if (Array.isArray(r.files)) meta.push(h("span", {}, `${files} ${files === 1 ? "file" : "files"}`));
    const errors = num(r.summary?.errors) ? r.summary!.errors! : arr(r.diagnostics).filter((d) => d.severity === "error").length;
    const warnings = num(r.summary?.warnings) ? r.summary!.warnings! : arr(r.diagnostics).filter((d) => d.severity === "warning").length;
    meta.push(
      h("span", { class: errors ? "sev-error" : "" }, `${errors} ${errors === 1 ? "error" : "errors"}`),
      h("span", { class: warnings ? "sev-warning" : "" }, `${warnings} ${warnings === 1 ? "warning" : "warnings"}`),
    );
    const metaEl = h("p", { class: "cx-meta" });
    meta.forEach((m, i) => metaEl.append(...(i ? [h("span", { class: "sep", "aria-hidden": "true" }, " · ")] : []), m));
    return h(
      "header",
      { class: "cx-header" },
      h("h1", {}, "CX Scorecard", this.opts.folderName ? h("span", { class: "cx-folder" }, " — ", str(this.opts.folderName)) : null),
      metaEl,
    );
  }

  goals(): HTMLElement {
    const { h } = this.b;
    const goals = arr(this.report.goals);
    const counts: Record<string, number> = { met: 0, at_risk: 0, missed: 0, no_data: 0 };
    if (goals.length) for (const g of goals) counts[str(g.status)] = (counts[str(g.status)] ?? 0) + 1;
    else for (const k of STATUS_ORDER) counts[k] = num(this.report.summary?.goals?.[k]) ? this.report.summary!.goals![k]! : 0;

    const summary = h("ul", { class: "goal-counts", "aria-label": "Goal status counts" });
    for (const k of STATUS_ORDER) {
      const st = statusInfo(k);
      summary.append(
        h(
          "li",
          { class: `count status-${st.cls}${counts[k] ? "" : " zero"}`, "data-status": k },
          h("span", { class: "count-n" }, String(counts[k])),
          h("span", { class: "count-label" }, h("span", { class: "mark", "aria-hidden": "true" }, st.mark), ` ${st.text.toLowerCase()}`),
        ),
      );
    }

    const section = h("section", { class: "cx-section cx-goals", "aria-label": "Goals" }, h("h2", {}, "Goals ", this.badge(goals.length)), summary);
    if (!goals.length) {
      section.append(h("p", { class: "cx-note" }, "No goals are defined."));
      return section;
    }
    const rank: Record<string, number> = { missed: 0, at_risk: 1, no_data: 2, met: 3 };
    const sorted = goals.map((g, i) => ({ g, i })).sort((a, b) => (rank[str(a.g.status)] ?? 4) - (rank[str(b.g.status)] ?? 4) || a.i - b.i);
    const tbody = h("tbody");
    for (const { g } of sorted) {
      const m = this.metrics.get(str(g.metric));
      const unit = m?.unit;
      const fmt = this.fmtOf(m);
      const ci = formatCi(m?.ci, unit, fmt);
      tbody.append(
        h(
          "tr",
          { class: `goal-row status-${statusInfo(str(g.status)).cls}`, "data-goal": str(g.name) },
          h("td", { class: "col-status" }, this.status(str(g.status), { conclusive: g.conclusive })),
          h(
            "th",
            { scope: "row", class: "col-name" },
            this.link(str(g.name), g.location, "goal"),
            g.severity === "warning" ? h("span", { class: "tag" }, "warning only") : null,
          ),
          h("td", { class: "col-metric" }, this.link(this.metricLabel(m, str(g.metric)), m?.location, "metric")),
          h(
            "td",
            { class: "num col-value" },
            h("span", { class: "value" }, formatValue(g.value, unit, fmt)),
            ci ? h("span", { class: "ci" }, ci) : null,
          ),
          h("td", { class: "num col-target" }, formatThreshold(g.target, unit, fmt)),
          h("td", { class: "num col-warn" }, g.warn ? formatThreshold(g.warn, unit, fmt) : "—"),
        ),
      );
    }
    section.append(
      this.scroll(
        "table",
        { class: "cx-table goals-table" },
        h("caption", { class: "sr-only" }, "Goals, missed first"),
        h("thead", {}, h("tr", {}, ["Status", "Goal", "Metric", "Value", "Target", "Warn"].map((c, i) => h("th", { scope: "col", class: i >= 3 ? "num" : "" }, c)))),
        tbody,
      ),
    );
    return section;
  }

  journeys(): HTMLElement | null {
    const journeys = arr(this.report.journeys);
    if (!journeys.length) return null;
    const { h } = this.b;
    const section = h("section", { class: "cx-section cx-journeys", "aria-label": "Journeys" }, h("h2", {}, "Journeys"));
    for (const j of journeys) section.append(this.journey(j));
    return section;
  }

  journey(j: JourneyResult): HTMLElement {
    const { h } = this.b;
    const steps = arr<JourneyStep>(j.steps);
    const unit = j.unit ?? this.metrics.get(str(steps.find((s) => s.metric)?.metric))?.unit ?? null;
    const stepFmt = (s: JourneyStep) => this.fmtOf(this.metrics.get(str(s.metric)));
    const jFmt = steps.length ? stepFmt(steps[0]) : {};
    const name = str(j.label) || str(j.name);

    // The weakest step: the lowest score (the highest for durations), among at least two scored steps.
    const scored = steps.map((s, i) => ({ s, i })).filter(({ s }) => num(s.value));
    const lowerBetter = isLowerBetterUnit(unit);
    let weakest = -1;
    if (scored.length >= 2) {
      let best = scored[0];
      for (const c of scored) if (lowerBetter ? (c.s.value as number) > (best.s.value as number) : (c.s.value as number) < (best.s.value as number)) best = c;
      weakest = best.i;
    }
    const values = scored.map(({ s }) => s.value as number);
    const maxAbs = Math.max(1e-9, ...values.map(Math.abs));
    const fill = (v: number) => {
      const u = str(unit);
      if (u === "percent") return Math.min(1, Math.max(0, v));
      if (u === "points") return Math.min(1, Math.max(0, (v + 100) / 200));
      return Math.min(1, Math.max(0, Math.abs(v) / maxAbs));
    };

    const ol = h("ol", { class: "journey-steps", "aria-hidden": "true" });
    steps.forEach((s, i) => {
      const st = s.goal ? statusInfo(str(s.goal)) : null;
      const meter = h("span", { class: "step-meter" }, h("span", { class: "step-meter-fill" }));
      if (num(s.value)) setVars(meter, { "--fill": fill(s.value) });
      const weight = num(s.weight) ? s.weight : 1;
      ol.append(
        h(
          "li",
          { class: `step${i === weakest ? " weakest" : ""}${st ? ` status-${st.cls}` : ""}${num(s.value) ? "" : " no-value"}`, "data-touchpoint": str(s.touchpoint) },
          h("span", { class: "step-head" }, h("span", { class: "step-index" }, String(i + 1)), h("span", { class: "step-name", title: str(s.touchpoint) }, str(s.label) || str(s.touchpoint))),
          h("span", { class: "step-value" }, formatValue(s.value, unit, stepFmt(s))),
          meter,
          h(
            "span",
            { class: "step-meta" },
            h("span", { class: "step-weight" }, "weight ", this.badge(formatValue(weight, "number", { compact: true }))),
            st ? this.status(str(s.goal)) : null,
          ),
          i === weakest ? h("span", { class: "step-flag" }, "▼ Weakest step") : null,
        ),
      );
    });

    const table = h(
      "table",
      { class: "sr-only journey-table" },
      h("caption", {}, `Journey ${name}: ${formatValue(j.value, unit, jFmt)}, steps in stage order`),
      h("thead", {}, h("tr", {}, ["Step", "Touchpoint", "Score", "Weight", "Goal", "Note"].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        steps.map((s, i) =>
          h(
            "tr",
            {},
            h("td", {}, String(i + 1)),
            h("th", { scope: "row" }, str(s.label) || str(s.touchpoint)),
            h("td", {}, formatValue(s.value, unit, stepFmt(s))),
            h("td", {}, formatValue(num(s.weight) ? s.weight : 1, "number", { compact: true })),
            h("td", {}, s.goal ? statusInfo(str(s.goal)).text : "—"),
            h("td", {}, i === weakest ? "Weakest step" : ""),
          ),
        ),
      ),
    );

    return h(
      "article",
      { class: "journey", "data-journey": str(j.name) },
      h(
        "h3",
        { class: "journey-title" },
        this.link(name, j.location, "journey"),
        h("span", { class: "journey-value" }, formatValue(j.value, unit, jFmt)),
        h("span", { class: "journey-caption" }, "weighted mean of touchpoint scores"),
      ),
      steps.length ? ol : h("p", { class: "cx-note" }, "This journey has no steps."),
      table,
    );
  }

  metricsSection(): HTMLElement {
    const { h } = this.b;
    const metrics = arr(this.report.metrics);
    const section = h("section", { class: "cx-section cx-metrics", "aria-label": "Metrics by touchpoint" }, h("h2", {}, "Metrics ", this.badge(metrics.length)));
    if (!metrics.length) {
      section.append(h("p", { class: "cx-note" }, "No metrics are defined."));
      return section;
    }
    const groups = new Map<string | null, MetricResult[]>();
    for (const m of metrics) {
      const tp = m.touchpoint === null || m.touchpoint === undefined || m.touchpoint === "" ? null : str(m.touchpoint);
      const list = groups.get(tp) ?? [];
      list.push(m);
      groups.set(tp, list);
    }
    const order: (string | null)[] = [...groups.keys()].filter((k) => k !== null);
    if (groups.has(null)) order.push(null);
    for (const tp of order) section.append(this.touchpoint(tp, groups.get(tp)!));
    return section;
  }

  touchpoint(tp: string | null, metrics: MetricResult[]): HTMLElement {
    const { h } = this.b;
    const title = tp ?? "Without touchpoint";
    const tbody = h("tbody");
    for (const m of metrics) {
      const unit = m.unit;
      const fmt = this.fmtOf(m);
      const goals = this.goalsByMetric.get(str(m.name)) ?? [];
      const ci = formatCi(m.ci, unit, fmt);
      const label = this.metricLabel(m, "");
      tbody.append(
        h(
          "tr",
          { class: "metric-row", "data-metric": str(m.name) },
          h(
            "th",
            { scope: "row", class: "col-name" },
            this.link(label, m.location, "metric", "metric-label"),
            label !== str(m.name) ? h("code", { class: "metric-id" }, str(m.name)) : null,
          ),
          h(
            "td",
            { class: "num col-value" },
            h("span", { class: `value${num(m.value) ? "" : " no-data"}` }, formatValue(m.value, unit, fmt)),
            ci ? h("span", { class: "ci" }, ci) : null,
          ),
          h("td", { class: "col-goal" }, goals.length ? goals.map((g) => h("span", { class: "goal-ref", title: `${str(g.name)}: target ${formatThreshold(g.target, unit, fmt)}` }, this.status(str(g.status), { conclusive: g.conclusive }))) : h("span", { class: "muted" }, "—")),
          h("td", { class: "num col-rows" }, formatCount(m.rows), num(m.sample ?? m.n) ? h("span", { class: "ci" }, `n = ${formatCount((m.sample ?? m.n) as number)}`) : null),
        ),
      );
      const charts: HTMLElement[] = [];
      const ctx = { metricLabel: label, unit, fmt, goal: goals[0] ? { target: goals[0].target, warn: goals[0].warn } : null };
      if (Array.isArray(m.groups)) charts.push(barChart(this.b, m.groups, ctx));
      if (Array.isArray(m.trend)) charts.push(lineChart(this.b, m.trend, ctx));
      if (charts.length) {
        tbody.append(h("tr", { class: "chart-row", "data-metric": str(m.name) }, h("td", { colspan: 4 }, h("div", { class: "charts" }, charts))));
      }
    }
    return h(
      "div",
      { class: "touchpoint", "data-touchpoint": tp ?? "" },
      h("h3", { class: "touchpoint-title" }, title, " ", this.badge(metrics.length, `${metrics.length} metrics`)),
      this.scroll(
        "table",
        { class: "cx-table metrics-table" },
        h("caption", { class: "sr-only" }, `Metrics of touchpoint ${title}`),
        h("thead", {}, h("tr", {}, ["Metric", "Value", "Goal", "Rows"].map((c, i) => h("th", { scope: "col", class: i === 1 || i === 3 ? "num" : "" }, c)))),
        tbody,
      ),
    );
  }

  diagnostics(): HTMLElement {
    const { h } = this.b;
    const diags = arr<ReportDiagnostic>(this.report.diagnostics);
    const section = h("section", { class: "cx-section cx-diagnostics", "aria-label": "Problems" }, h("h2", {}, "Problems ", this.badge(diags.length)));
    if (!diags.length) {
      section.append(h("p", { class: "cx-note" }, "No problems."));
      return section;
    }
    const icon: Record<string, string> = { error: "✗", warning: "⚠", info: "ℹ" };
    const tbody = h("tbody");
    for (const d of diags) {
      const sev = str(d.severity, "info");
      const where = `${str(d.file)}:${num(d.line) ? d.line : "?"}:${num(d.column) ? d.column : "?"}`;
      tbody.append(
        h(
          "tr",
          { class: `diag-row sev-${/^(error|warning|info)$/.test(sev) ? sev : "info"}`, "data-code": str(d.code) },
          h("td", { class: "col-sev" }, h("span", { class: "mark", "aria-hidden": "true" }, icon[sev] ?? "•"), ` ${sev}`),
          h("td", { class: "col-code" }, h("code", {}, str(d.code))),
          h("td", { class: "col-message" }, str(d.message)),
          h("td", { class: "col-where" }, this.link(where, d, "problem")),
        ),
      );
    }
    section.append(
      this.scroll(
        "table",
        { class: "cx-table diagnostics-table" },
        h("caption", { class: "sr-only" }, "Problems found while checking and evaluating"),
        h("thead", {}, h("tr", {}, ["Severity", "Code", "Message", "Location"].map((c) => h("th", { scope: "col" }, c)))),
        tbody,
      ),
    );
    return section;
  }
}

/** Replaces `root`'s content with the rendered report. */
export function renderReport(root: HTMLElement, report: Report, opts: RenderOptions): void {
  const safe: Report = report && typeof report === "object" ? report : {};
  const frag = new Renderer(root.ownerDocument, safe, opts).render();
  root.replaceChildren(frag);
}
