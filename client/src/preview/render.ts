// Renders a `cx eval` JSON report (../shared/spec/cli.md) into a DOM element: goals summary, journeys,
// funnels, retention, drivers (analyses.ts), metrics grouped by touchpoint with their charts and changes,
// and diagnostics. Pure DOM, no VS Code API: webview.ts
// wires it to messages, tests drive it in a real browser.
//
// Every string that comes from the report is inserted as a text node or an attribute value through the
// DOM builders of dom.ts — never through innerHTML.

import { type AnalysisContext, driversChart, funnelChart, retentionView } from "./analyses";
import { barChart, changeBadge, lineChart } from "./charts";
import { type Attrs, type Builder, type Child, builder, setVars, visibleControls } from "./dom";
import {
  type FormatOptions,
  STATUS_ORDER,
  compareLabel,
  formatCi,
  formatCount,
  formatPercent,
  formatThreshold,
  formatValue,
  isLowerBetterUnit,
  keyLabel,
  statusInfo,
} from "./format";
import type {
  CohortResult,
  DriversResult,
  FunnelResult,
  GoalGroupResult,
  GoalResult,
  JourneyResult,
  JourneyStep,
  MetricResult,
  Report,
  ReportDiagnostic,
  ReportTouchpoint,
  SourceLocation,
} from "./types";

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

const STATUS_RANK: Record<string, number> = { missed: 0, at_risk: 1, no_data: 2, met: 3 };

/**
 * The groups of a `scope: groups` goal that are not met, the worst first: missed, then at risk, then
 * without data; within a status, the farthest from the target first (the lowest value for a `>=`/`>`
 * target, the highest for `<=`/`<`), else in the metric's group order.
 */
export function worstGroups(groups: GoalGroupResult[], target: { op: string; value: number } | null | undefined): GoalGroupResult[] {
  const dir = target && (target.op === ">=" || target.op === ">") ? 1 : target && (target.op === "<=" || target.op === "<") ? -1 : 0;
  return groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => str(g.status) !== "met")
    .sort((a, b) => {
      const r = (STATUS_RANK[str(a.g.status)] ?? 2.5) - (STATUS_RANK[str(b.g.status)] ?? 2.5);
      if (r) return r;
      if (dir && num(a.g.value) && num(b.g.value) && a.g.value !== b.g.value) return dir * (a.g.value - b.g.value);
      return a.i - b.i;
    })
    .map(({ g }) => g);
}

function keyTitle(key: Record<string, unknown> | null | undefined): string {
  if (!key || typeof key !== "object") return "";
  return Object.entries(key).map(([k, v]) => `${k} = ${v === null || v === undefined ? "(null)" : String(v)}`).join(", ");
}

class Renderer {
  readonly b: Builder;
  readonly metrics = new Map<string, MetricResult>();
  readonly goalsByMetric = new Map<string, GoalResult[]>();
  readonly touchpoints = new Map<string, ReportTouchpoint>();
  /** Ids for disclosure controls (unique within one render). */
  private nextId = 0;

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
    for (const t of arr(report.touchpoints)) if (!this.touchpoints.has(str(t.name))) this.touchpoints.set(str(t.name), t);
  }

  analysisContext(): AnalysisContext {
    return { b: this.b, link: (text, loc, what, cls) => this.link(text, loc, what, cls), touchpoint: (name) => (name ? this.touchpoints.get(str(name)) : undefined) };
  }

  id(prefix: string): string {
    return `cx-${prefix}-${++this.nextId}`;
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
    const evaluated = ["metrics", "goals", "journeys", "funnels", "cohorts", "drivers"].some((k) => Array.isArray((this.report as Record<string, unknown>)[k]));
    if (!evaluated) {
      frag.append(this.b.h("p", { class: "cx-note" }, "This report has no evaluation results (only a check). Metrics, goals and journeys appear after an evaluation."));
    } else {
      frag.append(this.goals());
      const journeys = this.journeys();
      if (journeys) frag.append(journeys);
      for (const section of [this.funnels(), this.cohorts(), this.drivers()]) if (section) frag.append(section);
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
      const byGroups = g.scope === "groups";
      const groups = byGroups ? arr<GoalGroupResult>(g.groups) : [];
      const failing = byGroups ? worstGroups(groups, g.target) : [];
      const listId = failing.length ? this.id("goal-groups") : undefined;
      tbody.append(
        h(
          "tr",
          { class: `goal-row status-${statusInfo(str(g.status)).cls}${byGroups ? " scope-groups" : ""}`, "data-goal": str(g.name) },
          h("td", { class: "col-status" }, this.status(str(g.status), { conclusive: g.conclusive })),
          h(
            "th",
            { scope: "row", class: "col-name" },
            this.link(str(g.name), g.location, "goal"),
            g.severity === "warning" ? h("span", { class: "tag" }, "warning only") : null,
            byGroups ? h("span", { class: "tag tag-scope", title: "The target is checked on each group of the metric's breakdown" }, "every group") : null,
          ),
          h("td", { class: "col-metric" }, this.link(this.metricLabel(m, str(g.metric)), m?.location, "metric")),
          h(
            "td",
            { class: "num col-value" },
            h("span", { class: "value" }, formatValue(g.value, unit, fmt)),
            byGroups && failing.length ? h("span", { class: "ci" }, `worst: ${keyLabel(failing[0].key)}`) : null,
            !byGroups && ci ? h("span", { class: "ci" }, ci) : null,
          ),
          h("td", { class: "num col-target" }, formatThreshold(g.target, unit, fmt)),
          h("td", { class: "num col-warn" }, g.warn ? formatThreshold(g.warn, unit, fmt) : "—"),
        ),
      );
      if (byGroups) {
        const notMet = failing.length;
        const summary = !groups.length
          ? "No groups."
          : notMet
            ? `${notMet} of ${groups.length} ${groups.length === 1 ? "group" : "groups"} not met, worst first:`
            : `All ${groups.length} ${groups.length === 1 ? "group" : "groups"} meet the target.`;
        tbody.append(
          h(
            "tr",
            { class: "goal-groups-row", "data-goal": str(g.name) },
            h(
              "td",
              { colspan: 6 },
              h("span", { class: "goal-groups-summary", id: listId ? `${listId}-label` : undefined }, summary),
              notMet
                ? h(
                    "ul",
                    { class: "goal-groups", id: listId, "aria-labelledby": `${listId}-label` },
                    failing.map((x) =>
                      h(
                        "li",
                        { class: `goal-group status-${statusInfo(str(x.status)).cls}`, "data-key": keyLabel(x.key), "data-status": str(x.status) },
                        h("span", { class: "goal-group-key", title: keyTitle(x.key) }, keyLabel(x.key) || "(all)"),
                        " ",
                        num(x.value) ? h("span", { class: "goal-group-value" }, formatValue(x.value, unit, fmt), " ") : null,
                        this.status(str(x.status)),
                      ),
                    ),
                  )
                : null,
            ),
          ),
        );
      }
    }
    section.append(
      this.scroll(
        "table",
        { class: "cx-table goals-table" },
        h("caption", { class: "sr-only" }, "Goals, missed first; a goal checked on every group lists its groups that are not met below it"),
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

    // The report flags the weakest step (the lowest conversion from the step before, from a funnel) and
    // the priority (the most important under-performer, from a drivers analysis). A journey without
    // funnel data marks its lowest score instead (the highest for durations), among two or more scores.
    const flagged = steps.some((s) => s.weakest === true || num(s.reach));
    const scored = steps.map((s, i) => ({ s, i })).filter(({ s }) => num(s.value));
    const lowerBetter = isLowerBetterUnit(unit);
    let lowest = -1;
    if (!flagged && scored.length >= 2) {
      let best = scored[0];
      for (const c of scored) if (lowerBetter ? (c.s.value as number) > (best.s.value as number) : (c.s.value as number) < (best.s.value as number)) best = c;
      lowest = best.i;
    }
    const hasReach = steps.some((s) => num(s.reach));
    const hasImportance = steps.some((s) => num(s.importance));
    const values = scored.map(({ s }) => s.value as number);
    const maxAbs = Math.max(1e-9, ...values.map(Math.abs));
    const fill = (v: number) => {
      const u = str(unit);
      if (u === "percent") return Math.min(1, Math.max(0, v));
      if (u === "points") return Math.min(1, Math.max(0, (v + 100) / 200));
      return Math.min(1, Math.max(0, Math.abs(v) / maxAbs));
    };
    const notes = (s: JourneyStep, i: number): string[] => [
      ...(s.weakest === true ? ["Weakest step: lowest conversion from the step before"] : []),
      ...(s.priority === true ? ["Priority: most important under-performer"] : []),
      ...(i === lowest ? ["Lowest score"] : []),
    ];

    const ol = h("ol", { class: "journey-steps", "aria-hidden": "true" });
    steps.forEach((s, i) => {
      const st = s.goal ? statusInfo(str(s.goal)) : null;
      const meter = h("span", { class: "step-meter" }, h("span", { class: "step-meter-fill" }));
      if (num(s.value)) setVars(meter, { "--fill": fill(s.value) });
      const weight = num(s.weight) ? s.weight : 1;
      const cls = [
        "step",
        s.weakest === true ? "weakest" : "",
        s.priority === true ? "priority" : "",
        i === lowest ? "lowest" : "",
        st ? `status-${st.cls}` : "",
        num(s.value) ? "" : "no-value",
      ].filter(Boolean);
      ol.append(
        h(
          "li",
          { class: cls.join(" "), "data-touchpoint": str(s.touchpoint) },
          h("span", { class: "step-head" }, h("span", { class: "step-index" }, String(i + 1)), h("span", { class: "step-name", title: str(s.touchpoint) }, str(s.label) || str(s.touchpoint))),
          h("span", { class: "step-value" }, formatValue(s.value, unit, stepFmt(s))),
          meter,
          h(
            "span",
            { class: "step-meta" },
            h("span", { class: "step-weight" }, "weight ", this.badge(formatValue(weight, "number", { compact: true }))),
            st ? this.status(str(s.goal)) : null,
          ),
          hasReach || hasImportance
            ? h(
                "span",
                { class: "step-analysis" },
                hasReach ? h("span", { class: "step-reach" }, "reach ", h("strong", {}, num(s.reach) ? formatPercent(s.reach) : "—")) : null,
                hasImportance ? h("span", { class: "step-importance" }, "importance ", h("strong", {}, num(s.importance) ? formatPercent(s.importance) : "—")) : null,
              )
            : null,
          s.weakest === true ? h("span", { class: "step-flag flag-weakest", title: "The lowest conversion from the step before" }, "▼ Weakest step") : null,
          s.priority === true ? h("span", { class: "step-flag flag-priority", title: "The most important touchpoint whose goal is not met" }, "★ Priority") : null,
          i === lowest ? h("span", { class: "step-flag flag-lowest" }, "▼ Lowest score") : null,
        ),
      );
    });

    const head = ["Step", "Touchpoint", "Score", "Weight", "Goal", ...(hasReach ? ["Reach"] : []), ...(hasImportance ? ["Importance"] : []), "Note"];
    const table = h(
      "table",
      { class: "journey-table" },
      h("caption", {}, `Journey ${name}: ${formatValue(j.value, unit, jFmt)}, steps in stage order`),
      h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
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
            hasReach ? h("td", {}, num(s.reach) ? formatPercent(s.reach) : "—") : null,
            hasImportance ? h("td", {}, num(s.importance) ? formatPercent(s.importance) : "—") : null,
            h("td", {}, notes(s, i).join("; ")),
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
      h("div", { class: "sr-only" }, table),
    );
  }

  funnels(): HTMLElement | null {
    const list = arr<FunnelResult>(this.report.funnels);
    if (!list.length) return null;
    const { h } = this.b;
    const ctx = this.analysisContext();
    return h(
      "section",
      { class: "cx-section cx-funnels", "aria-label": "Funnels" },
      h("h2", {}, "Funnels ", this.badge(list.length)),
      h("div", { class: "analyses" }, list.map((f) => funnelChart(ctx, f))),
    );
  }

  cohorts(): HTMLElement | null {
    const list = arr<CohortResult>(this.report.cohorts);
    if (!list.length) return null;
    const { h } = this.b;
    const ctx = this.analysisContext();
    return h(
      "section",
      { class: "cx-section cx-cohorts", "aria-label": "Retention" },
      h("h2", {}, "Retention ", this.badge(list.length)),
      h("div", { class: "analyses" }, list.map((c) => retentionView(ctx, c))),
    );
  }

  drivers(): HTMLElement | null {
    const list = arr<DriversResult>(this.report.drivers);
    if (!list.length) return null;
    const { h } = this.b;
    const ctx = this.analysisContext();
    return h(
      "section",
      { class: "cx-section cx-drivers", "aria-label": "Drivers" },
      h("h2", {}, "Drivers ", this.badge(list.length)),
      h("div", { class: "analyses" }, list.map((d) => driversChart(ctx, d))),
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
    const hasChange = metrics.some((m) => m.compare && typeof m.compare === "object");
    const columns = ["Metric", "Value", ...(hasChange ? ["Change"] : []), "Goal", "Rows"];
    for (const m of metrics) {
      const unit = m.unit;
      const fmt = this.fmtOf(m);
      const goals = this.goalsByMetric.get(str(m.name)) ?? [];
      const ci = formatCi(m.ci, unit, fmt);
      const label = this.metricLabel(m, "");
      const compare = m.compare && typeof m.compare === "object" ? m.compare : null;
      const sql = typeof m.sql === "string" && m.sql.trim() ? m.sql : null;
      const sqlId = sql ? this.id("sql") : "";
      const sqlButton = sql ? h("button", { type: "button", class: "sql-toggle", "aria-expanded": "false", "aria-controls": sqlId, "aria-label": `Show SQL of ${label || str(m.name)}` }, h("span", { class: "chevron", "aria-hidden": "true" }, "▸"), " ", h("span", { class: "sql-toggle-text" }, "Show SQL")) : null;
      const analysis = m.analysis && typeof m.analysis === "object" && m.analysis.name ? m.analysis : null;
      tbody.append(
        h(
          "tr",
          { class: "metric-row", "data-metric": str(m.name) },
          h(
            "th",
            { scope: "row", class: "col-name" },
            this.link(label, m.location, "metric", "metric-label"),
            label !== str(m.name) ? h("code", { class: "metric-id" }, str(m.name)) : null,
            analysis ? h("span", { class: "tag tag-analysis" }, `from ${str(analysis.kind)} ${str(analysis.name)}`) : null,
            sqlButton,
          ),
          h(
            "td",
            { class: "num col-value" },
            h("span", { class: `value${num(m.value) ? "" : " no-data"}` }, formatValue(m.value, unit, fmt)),
            ci ? h("span", { class: "ci" }, ci) : null,
          ),
          hasChange
            ? h(
                "td",
                { class: "col-change" },
                compare
                  ? changeBadge(this.b, { previous: compare.value, change: compare.change, p: compare.p, significant: compare.significant }, { unit, fmt, label: compareLabel(compare), asOf: compare.asOf ?? null })
                  : h("span", { class: "muted" }, "—"),
              )
            : null,
          h("td", { class: "col-goal" }, goals.length ? goals.map((g) => h("span", { class: "goal-ref", title: `${str(g.name)}: target ${formatThreshold(g.target, unit, fmt)}${g.scope === "groups" ? " on every group" : ""}` }, this.status(str(g.status), { conclusive: g.conclusive }))) : h("span", { class: "muted" }, "—")),
          // The sample size is the report's `n` and nothing else (cli.md "Sample size, one meaning everywhere").
          h("td", { class: "num col-rows" }, formatCount(m.rows), num(m.n) ? h("span", { class: "ci sample-size", title: "Sample size: the values the metric's aggregate used" }, `n = ${formatCount(m.n)}`) : null),
        ),
      );
      if (sql && sqlButton) {
        const row = h(
          "tr",
          { class: "sql-row", id: sqlId, "data-metric": str(m.name) },
          h("td", { colspan: columns.length }, h("pre", { class: "sql", tabindex: "0", "aria-label": `SQL of ${label || str(m.name)}` }, h("code", {}, sql))),
        );
        row.hidden = true;
        sqlButton.addEventListener("click", () => {
          const open = row.hidden;
          row.hidden = !open;
          sqlButton.setAttribute("aria-expanded", String(open));
          sqlButton.querySelector(".sql-toggle-text")!.textContent = open ? "Hide SQL" : "Show SQL";
          sqlButton.querySelector(".chevron")!.textContent = open ? "▾" : "▸";
          sqlButton.setAttribute("aria-label", visibleControls(`${open ? "Hide" : "Show"} SQL of ${label || str(m.name)}`));
        });
        tbody.append(row);
      }
      const charts: HTMLElement[] = [];
      // Bars are judged against the metric's `scope: groups` goal (its groups' statuses come from the
      // report), else against the first goal's thresholds.
      const goal = goals.find((g) => g.scope === "groups" && Array.isArray(g.groups)) ?? goals[0];
      const ctx = {
        metricLabel: label,
        unit,
        fmt,
        goal: goal ? { name: str(goal.name), target: goal.target, warn: goal.warn, groups: goal.scope === "groups" ? arr<GoalGroupResult>(goal.groups) : undefined } : null,
        compareLabel: compare ? compareLabel(compare) : null,
      };
      if (Array.isArray(m.groups)) charts.push(barChart(this.b, m.groups, ctx));
      if (Array.isArray(m.trend)) charts.push(lineChart(this.b, m.trend, ctx));
      if (charts.length) {
        tbody.append(h("tr", { class: "chart-row", "data-metric": str(m.name) }, h("td", { colspan: columns.length }, h("div", { class: "charts" }, charts))));
      }
    }
    return h(
      "div",
      { class: "touchpoint", "data-touchpoint": tp ?? "" },
      h("h3", { class: "touchpoint-title" }, title, " ", this.badge(metrics.length, `${metrics.length} metrics`)),
      this.scroll(
        "table",
        { class: `cx-table metrics-table${hasChange ? " has-change" : ""}` },
        h("caption", { class: "sr-only" }, `Metrics of touchpoint ${title}`),
        h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c === "Value" || c === "Rows" ? "num" : "" }, c)))),
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
