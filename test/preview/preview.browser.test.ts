// The scorecard preview, in headless Chromium: the real shell (strict CSP), the real bundle, real DOM and
// charts; only VS Code's postMessage bridge is stubbed. Asserts what a person sees, and saves the README's
// screenshots (docs/images/preview-light.png, preview-dark.png, preview-high-contrast.png).
//
// Report fixtures: every test/fixtures/preview/*.json, plus any report named by CX_PREVIEW_REPORT
// (comma-separated paths) — e.g. the output of `cx eval samples/retail --format json`.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUADRANTS, quadrants } from "../../client/src/preview/analyses";
import { visibleControls } from "../../client/src/preview/dom";
import {
  compareLabel,
  formatChange,
  formatCount,
  formatNumber,
  formatPercent,
  formatThreshold,
  formatValue,
  isLowerBetterUnit,
  keyLabel,
  significanceText,
  statusInfo,
} from "../../client/src/preview/format";
import { worstGroups } from "../../client/src/preview/render";
import type { GoalResult, MetricResult, Report } from "../../client/src/preview/types";
import { buildWebview, launchChromium, loadReport, openPreview, type OpenedPreview, type PreviewServer, reportFixtures, ROOT, skipBrowser, skipReason, startServer } from "./harness";
import { dark, highContrast, light } from "./themes";

if (skipBrowser) console.warn(`[preview tests] skipped: ${skipReason}`);

let browser: Browser;
let server: PreviewServer;
let cleanup = () => {};
let bundle = { jsBytes: 0, cssBytes: 0 };

const HOSTILE = "<img src=x onerror=alert(1)>";

beforeAll(async () => {
  if (skipBrowser) return;
  const built = await buildWebview();
  cleanup = built.cleanup;
  bundle = built;
  server = await startServer(built.dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  cleanup();
});

const folder = "retail";

async function openWith(report: unknown, opts: { theme?: typeof light; noCsp?: boolean } = {}): Promise<OpenedPreview> {
  const p = await openPreview(browser, server, { theme: opts.theme ?? light, noCsp: opts.noCsp });
  await p.send({ type: "report", report, folder });
  await p.page.waitForSelector(".cx-header");
  return p;
}

/** Nothing went wrong in the page: no exception, no console error, no CSP violation, no stray request. */
async function expectClean(p: OpenedPreview): Promise<void> {
  expect(p.pageErrors).toEqual([]);
  expect(p.consoleErrors).toEqual([]);
  expect(await p.cspViolations()).toEqual([]);
  expect(server.unexpected).toEqual([]);
}

/** The visible text of each row's cells (selected by `sel`). */
function rowCells(p: OpenedPreview, rows: string, sel = "th, td"): Promise<string[][]> {
  return p.page.locator(rows).evaluateAll(
    (trs, cellSel) => trs.map((r) => Array.from(r.querySelectorAll(cellSel)).map((c) => (c as HTMLElement).innerText.replace(/\s+/g, " ").trim())),
    sel,
  );
}

describe.skipIf(skipBrowser)(`scorecard preview in Chromium${skipBrowser ? ` (skipped: ${skipReason})` : ""}`, () => {
  it("builds a reasonably small bundle", () => {
    expect(bundle.jsBytes).toBeGreaterThan(1000);
    expect(bundle.jsBytes).toBeLessThan(250_000); // unminified; ~64 KB minified (with the v2 analyses)
    expect(bundle.cssBytes).toBeGreaterThan(1000);
  });

  it("loads under its CSP, posts 'ready' and waits for a report", async () => {
    const p = await openPreview(browser, server, { theme: light });
    expect(await p.posted()).toEqual([{ type: "ready" }]);
    await expect(p.page.locator(".cx-empty").innerText()).resolves.toContain("Waiting for the evaluation");
    await expectClean(p);
    await p.page.close();
  });

  describe.each(reportFixtures())("report $name", ({ path }) => {
    const report = loadReport(path) as Report;
    const metrics = report.metrics ?? [];
    const goals = report.goals ?? [];
    const byName = new Map(metrics.map((m) => [m.name, m] as [string, MetricResult]));
    const fmt = (m: MetricResult | undefined) => ({ decimals: m?.decimals, currency: m?.currency });
    let p: OpenedPreview;

    beforeAll(async () => {
      p = await openWith(report);
    });
    afterAll(async () => {
      await p?.page.close();
    });

    it("shows the goal counts and every goal's status, value and target as text", async () => {
      const counts = await p.page.locator(".goal-counts li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, " ").trim()));
      const expected = { met: 0, at_risk: 0, missed: 0, no_data: 0 } as Record<string, number>;
      for (const g of goals) if (g.status in expected) expected[g.status]++;
      expect(counts).toEqual([`${expected.met} ✓ met`, `${expected.at_risk} ⚠ at risk`, `${expected.missed} ✗ missed`, `${expected.no_data} – no data`]);

      const rows = await rowCells(p, ".goals-table tbody tr.goal-row");
      expect(rows).toHaveLength(goals.length);
      for (const g of goals as GoalResult[]) {
        const m = byName.get(g.metric);
        const row = rows.find((r) => r[1].startsWith(g.name));
        expect(row, `goal ${g.name}`).toBeDefined();
        expect(row![0]).toContain(statusInfo(g.status).text);
        expect(row![3]).toContain(formatValue(g.value, m?.unit, fmt(m)));
        expect(row![4]).toBe(formatThreshold(g.target, m?.unit, fmt(m)));
      }
      // Missed goals come first.
      if (goals.some((g) => g.status === "missed")) expect(rows[0][0]).toContain("Missed");
    });

    it("groups metrics by touchpoint with formatted values and rows", async () => {
      const titles = await p.page.locator(".touchpoint-title").evaluateAll((hs) => hs.map((h) => (h.firstChild?.textContent ?? "").trim()));
      const tps: string[] = [];
      for (const m of metrics) if (m.touchpoint && !tps.includes(m.touchpoint)) tps.push(m.touchpoint);
      if (metrics.some((m) => !m.touchpoint)) tps.push("Without touchpoint");
      expect(titles).toEqual(tps);

      const rows = await p.page.locator("tr.metric-row").evaluateAll((trs) =>
        trs.map((tr) => ({
          touchpoint: tr.closest(".touchpoint")?.getAttribute("data-touchpoint") ?? "",
          name: tr.getAttribute("data-metric"),
          label: (tr.querySelector(".metric-label, .name") as HTMLElement).innerText,
          value: (tr.querySelector(".col-value .value") as HTMLElement).innerText,
          rows: (tr.querySelector(".col-rows") as HTMLElement).innerText,
          n: tr.querySelector(".col-rows .sample-size")?.textContent ?? null,
        })),
      );
      expect(rows).toHaveLength(metrics.length);
      for (const m of metrics) {
        const row = rows.find((r) => r.name === m.name)!;
        expect(row, `metric ${m.name}`).toBeDefined();
        expect(row.touchpoint).toBe(m.touchpoint ?? "");
        expect(row.label).toBe(visibleControls(m.label || m.name));
        expect(row.value).toBe(formatValue(m.value, m.unit, fmt(m)));
        expect(row.rows.split("\n")[0]).toBe(formatCount(m.rows));
        // The sample size is the report's n, and nothing is shown under that name when n is null.
        expect(row.n).toBe(typeof m.n === "number" ? `n = ${formatCount(m.n)}` : null);
        expect(row.rows.match(/\bn = /g)?.length ?? 0).toBe(typeof m.n === "number" ? 1 : 0);
      }
    });

    it("draws a chart per breakdown and trend, each with a data table", async () => {
      const charts = await p.page.locator("tr.chart-row figure.chart").evaluateAll((figs) =>
        figs.map((f) => ({
          metric: f.closest("tr")?.getAttribute("data-metric"),
          kind: f.getAttribute("data-chart"),
          bars: f.querySelectorAll(".bar-row").length,
          points: f.querySelectorAll("svg circle.pt").length,
          line: f.querySelectorAll("svg path.line").length,
          tableRows: f.querySelectorAll(":scope table > tbody > tr").length,
          labels: Array.from(f.querySelectorAll(".bar-label")).map((l) => l.textContent),
        })),
      );
      const expected: { metric: string; kind: string; n: number; values: number; labels?: string[] }[] = [];
      for (const m of metrics) {
        if (Array.isArray(m.groups)) expected.push({ metric: m.name, kind: "by", n: m.groups.length, values: m.groups.length, labels: m.groups.map((g) => keyLabel(g.key)) });
        if (Array.isArray(m.trend)) expected.push({ metric: m.name, kind: "trend", n: m.trend.length, values: m.trend.filter((t) => typeof t.value === "number").length });
      }
      // Charts follow their metric's row, so they come in touchpoint order.
      expect(charts.map((c) => `${c.metric}/${c.kind}`).sort()).toEqual(expected.map((e) => `${e.metric}/${e.kind}`).sort());
      charts.forEach((c) => {
        const e = expected.find((x) => x.metric === c.metric && x.kind === c.kind)!;
        if (e.n > 0) expect(c.tableRows).toBe(e.n);
        if (e.kind === "by") {
          expect(c.bars).toBe(e.n);
          expect(c.labels).toEqual(e.labels);
        } else {
          expect(c.points).toBe(e.values);
          if (e.values > 1) expect(c.line).toBe(1);
        }
      });
    });

    it("draws each journey's steps in order, the weakest highlighted", async () => {
      const journeys = report.journeys ?? [];
      const shown = await p.page.locator("article.journey").evaluateAll((arts) =>
        arts.map((a) => ({
          steps: Array.from(a.querySelectorAll("ol.journey-steps > li")).map((li) => ({
            name: (li.querySelector(".step-name") as HTMLElement).innerText,
            value: (li.querySelector(".step-value") as HTMLElement).innerText,
            weakest: li.classList.contains("weakest"),
            priority: li.classList.contains("priority"),
            lowest: li.classList.contains("lowest"),
            text: (li as HTMLElement).innerText,
          })),
          table: Array.from(a.querySelectorAll("table tbody tr")).map((tr) => tr.textContent),
          value: (a.querySelector(".journey-value") as HTMLElement).innerText,
        })),
      );
      expect(shown).toHaveLength(journeys.length);
      journeys.forEach((j, ji) => {
        const s = shown[ji];
        expect(s.steps.map((x) => x.name)).toEqual(j.steps.map((st) => st.label || st.touchpoint));
        expect(s.value).toBe(formatValue(j.value, j.unit, { decimals: byName.get(j.steps[0]?.metric ?? "")?.decimals }));
        expect(s.table).toHaveLength(j.steps.length);
        // The report's flags: the weakest step (lowest conversion) and the priority (most important under-performer).
        expect(s.steps.map((x) => x.weakest)).toEqual(j.steps.map((st) => st.weakest === true));
        expect(s.steps.map((x) => x.priority)).toEqual(j.steps.map((st) => st.priority === true));
        j.steps.forEach((st, i) => {
          expect(s.steps[i].text.includes("Weakest step")).toBe(st.weakest === true);
          expect(s.steps[i].text.includes("Priority")).toBe(st.priority === true);
          if (typeof st.reach === "number") expect(s.steps[i].text).toContain(`reach ${formatPercent(st.reach)}`);
          if (typeof st.importance === "number") expect(s.steps[i].text).toContain(`importance ${formatPercent(st.importance)}`);
        });
        // Without funnel data, the lowest score is marked instead (the highest for durations).
        const flagged = j.steps.some((st) => st.weakest === true || typeof st.reach === "number");
        const scored = j.steps.map((st, i) => ({ v: st.value, i })).filter((x) => typeof x.v === "number") as { v: number; i: number }[];
        const lower = isLowerBetterUnit(j.unit);
        const lowest = !flagged && scored.length >= 2 ? scored.reduce((a, b) => ((lower ? b.v > a.v : b.v < a.v) ? b : a)).i : -1;
        expect(s.steps.map((x) => x.lowest)).toEqual(j.steps.map((_, i) => i === lowest));
        if (lowest >= 0) expect(s.steps[lowest].text).toContain("Lowest score");
      });
    });

    it("shows a change badge on every compared metric and on each of its groups", async () => {
      const shown = await p.page.locator("tr.metric-row").evaluateAll((trs) =>
        trs.map((tr) => {
          const badge = tr.querySelector(".col-change .change");
          const chart = tr.nextElementSibling?.classList.contains("chart-row") ? tr.nextElementSibling : tr.nextElementSibling?.nextElementSibling;
          const bars = chart?.getAttribute("data-metric") === tr.getAttribute("data-metric") ? Array.from(chart.querySelectorAll("figure[data-chart=by] .bar-row")) : [];
          const read = (e: Element | null | undefined) => (e ? { text: (e.textContent ?? "").replace(/\s+/g, " ").trim(), sig: e.getAttribute("data-significance"), dir: e.getAttribute("data-direction") } : null);
          return { name: tr.getAttribute("data-metric"), badge: read(badge), groups: bars.map((r) => read(r.querySelector(".change"))) };
        }),
      );
      for (const m of metrics) {
        const row = shown.find((r) => r.name === m.name)!;
        const c = m.compare;
        if (!c) {
          expect(row.badge, m.name).toBeNull();
          continue;
        }
        const fmt = { decimals: m.decimals, currency: m.currency };
        const check = (badge: { text: string; sig: string | null } | null, change: number | null | undefined, p: number | null | undefined, significant: boolean | null | undefined) => {
          expect(badge, m.name).not.toBeNull();
          expect(badge!.text).toContain(visibleControls(compareLabel(c)));
          if (typeof change === "number") {
            const sig = significanceText(p, significant);
            expect(badge!.text).toContain(formatChange(change, m.unit, fmt));
            expect(badge!.text).toContain(sig.text);
            expect(badge!.sig).toBe(sig.kind);
          } else expect(badge!.sig).toBe("none");
        };
        check(row.badge, c.change, c.p, c.significant);
        if (Array.isArray(m.groups)) {
          expect(row.groups).toHaveLength(m.groups.length);
          m.groups.forEach((g, i) => check(row.groups[i], g.change, g.p, g.significant));
        }
      }
    });

    it("lists the groups of every `scope: groups` goal that are not met, worst first", async () => {
      for (const g of goals.filter((x) => x.scope === "groups")) {
        const m = byName.get(g.metric);
        const items = await p.page.locator(".goal-groups-row").evaluateAll(
          (rows, name) => {
            const row = rows.find((r) => r.getAttribute("data-goal") === name);
            return row ? Array.from(row.querySelectorAll("li.goal-group")).map((li) => ({ key: li.querySelector(".goal-group-key")?.textContent, status: li.getAttribute("data-status"), text: (li.textContent ?? "").replace(/\s+/g, " ").trim() })) : null;
          },
          g.name,
        );
        expect(items, g.name).not.toBeNull();
        const expected = worstGroups(g.groups ?? [], g.target);
        expect(items!.map((x) => x.key)).toEqual(expected.map((x) => visibleControls(keyLabel(x.key)) || "(all)"));
        expect(items!.map((x) => x.status)).toEqual(expected.map((x) => x.status));
        expected.forEach((x, i) => {
          expect(items![i].text).toContain(statusInfo(x.status).text);
          if (typeof x.value === "number") expect(items![i].text).toContain(formatValue(x.value, m?.unit, fmt(m)));
        });
        expect(expected.every((x) => x.status !== "met")).toBe(true);
      }
    });

    it("draws every funnel: customers per step, drop-off, conversion from the previous and the first step", async () => {
      const funnels = report.funnels ?? [];
      const shown = await p.page.locator("figure[data-chart=funnel]").evaluateAll((figs) =>
        figs.map((f) =>
          Array.from(f.querySelectorAll("tbody tr")).map((tr) => ({
            cells: Array.from(tr.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim()),
            size: Number((tr.querySelector(".funnel-bar") as HTMLElement | null)?.style.getPropertyValue("--size")),
          })),
        ),
      );
      expect(shown).toHaveLength(funnels.length);
      funnels.forEach((f, fi) => {
        expect(shown[fi]).toHaveLength(f.steps.length);
        const first = f.steps[0].customers;
        f.steps.forEach((st, i) => {
          const row = shown[fi][i];
          expect(row.cells[0]).toBe(String(i + 1));
          expect(row.cells[2]).toBe(formatCount(st.customers));
          if (i === 0) expect(row.cells[3]).toBe("—");
          else {
            const prev = f.steps[i - 1].customers;
            expect(row.cells[3]).toBe(`↓ ${prev - st.customers < 0 ? "+" : "−"}${formatCount(Math.abs(prev - st.customers))} (${formatPercent(Math.abs(prev - st.customers) / prev)})`);
          }
          expect(row.cells[4]).toBe(i === 0 ? "—" : formatPercent(st.conversion));
          expect(row.cells[5]).toBe(formatPercent(st.overall));
          expect(row.size).toBeCloseTo(first > 0 ? st.customers / first : 0, 6);
        });
      });
    });

    it("draws every retention analysis: the curve above a cohort × age heatmap, unobserved cells empty", async () => {
      const cohorts = report.cohorts ?? [];
      const shown = await p.page.locator("figure[data-chart=retention]").evaluateAll((figs) =>
        figs.map((f) => {
          const svg = f.querySelector("svg.curve-svg");
          const table = f.querySelector("table.heatmap");
          // The visible text of a cell: without what only screen readers get.
          const visible = (td: Element) => {
            const c = td.cloneNode(true) as Element;
            c.querySelectorAll(".sr-only").forEach((e) => e.remove());
            return (c.textContent ?? "").trim();
          };
          const cells = (tr: Element) => Array.from(tr.querySelectorAll("td.heat")).map((td) => ({ text: visible(td), unobserved: td.classList.contains("unobserved"), sr: td.textContent }));
          return {
            curveFirst: !!svg && !!table && !!(svg.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
            points: f.querySelectorAll("svg.curve-svg circle.pt").length,
            rows: Array.from(f.querySelectorAll("table.heatmap tbody tr")).map((tr) => ({ head: tr.querySelector("th")?.textContent, cells: cells(tr) })),
            curve: Array.from(f.querySelectorAll("table.heatmap tfoot tr")).map(cells)[0] ?? [],
          };
        }),
      );
      expect(shown).toHaveLength(cohorts.length);
      cohorts.forEach((c, ci) => {
        const s = shown[ci];
        expect(s.curveFirst).toBe(true);
        expect(s.points).toBe(c.curve.filter((x) => typeof x.rate === "number").length);
        expect(s.rows.map((r) => r.head)).toEqual(c.cohorts.map((r) => visibleControls(r.cohort)));
        const width = s.curve.length;
        const expectCells = (ages: { age: number; observed: number; retained: number }[], got: { text: string; unobserved: boolean; sr: string | null }[]) => {
          expect(got).toHaveLength(width);
          got.forEach((cell, age) => {
            const a = ages.find((x) => x.age === age);
            if (a && a.observed > 0) {
              expect(cell.unobserved).toBe(false);
              expect(cell.text).toBe(formatPercent(a.retained / a.observed, 0));
            } else {
              // Not observed: visibly empty (not "0 %"), announced as "not observed".
              expect(cell.unobserved).toBe(true);
              expect(cell.text).toBe("");
              expect(cell.sr).toBe("not observed");
            }
          });
        };
        c.cohorts.forEach((r, ri) => expectCells(r.ages, s.rows[ri].cells));
        expectCells(c.curve, s.curve);
      });
    });

    it("draws every drivers analysis: importance–performance chart with labelled points and quadrants, and a table", async () => {
      const analyses = report.drivers ?? [];
      const shown = await p.page.locator("figure[data-chart=drivers]").evaluateAll((figs) =>
        figs.map((f) => ({
          rows: Array.from(f.querySelectorAll("table.drivers-table tbody tr")).map((tr) => ({ name: tr.getAttribute("data-driver"), cells: Array.from(tr.querySelectorAll("td")).map((c) => (c.textContent ?? "").trim()) })),
          points: Array.from(f.querySelectorAll("svg .driver-point")).map((g) => ({ name: g.getAttribute("data-driver"), label: g.querySelector("text")?.textContent, cls: g.getAttribute("class") })),
          quadrantLabels: Array.from(f.querySelectorAll("svg .quadrant-label")).map((t) => t.textContent),
          note: f.querySelector(".drivers-note")?.textContent ?? "",
          stats: f.querySelector(".analysis-stats")?.textContent ?? "",
        })),
      );
      expect(shown).toHaveLength(analyses.length);
      analyses.forEach((a, ai) => {
        const s = shown[ai];
        const q = quadrants(a.drivers);
        const byImportance = [...a.drivers].sort((x, y) => (y.importance ?? -1) - (x.importance ?? -1));
        expect(s.rows.map((r) => r.name)).toEqual(byImportance.map((d) => d.name));
        byImportance.forEach((d, i) => {
          const k = q.of(d);
          expect(s.rows[i].cells).toEqual([
            typeof d.importance === "number" ? formatPercent(d.importance) : "—",
            typeof d.correlation === "number" ? formatNumber(d.correlation, 2) : "—",
            typeof d.mean === "number" ? formatNumber(d.mean, 2) : "—",
            k ? QUADRANTS[k].text : "not in the model",
          ]);
        });
        const placed = a.drivers.filter((d) => q.of(d));
        expect(s.points.map((x) => x.name).sort()).toEqual(placed.map((d) => d.name).sort());
        for (const pt of s.points) {
          const d = a.drivers.find((x) => x.name === pt.name)!;
          const tp = (report.touchpoints ?? []).find((t) => t.name === d.touchpoint);
          expect(pt.label).toBe(visibleControls(d.label || tp?.label || d.name));
          expect(pt.cls).toContain(`q-${q.of(d)}`);
        }
        if (placed.length) expect(s.quadrantLabels.sort()).toEqual(["Fix first", "Keep up", "Lower priority", "Possible overkill"]);
        expect(s.stats).toBe(`n = ${formatCount(a.n)} · R² = ${typeof a.r2 === "number" ? formatNumber(a.r2, 2) : "—"}`);
        if (q.importance !== null) expect(s.note).toContain(`mean importance (${formatPercent(q.importance)}) and mean performance (${formatNumber(q.performance!, 2)})`);
      });
    });

    it("lists the diagnostics with code, message and file:line:column", async () => {
      const diags = report.diagnostics ?? [];
      const rows = await rowCells(p, ".diagnostics-table tbody tr", "td");
      expect(rows).toHaveLength(diags.length);
      diags.forEach((d, i) => {
        expect(rows[i][1]).toBe(d.code);
        expect(rows[i][2]).toBe(d.message.replace(/\s+/g, " ").trim());
        expect(rows[i][3]).toBe(`${d.file}:${d.line}:${d.column}`);
      });
    });

    it("is readable as tables: every chart and journey has one, statuses are text", async () => {
      const info = await p.page.evaluate(() => ({
        figures: document.querySelectorAll("figure.chart").length,
        figureTables: document.querySelectorAll("figure.chart table").length,
        hiddenVisuals: Array.from(document.querySelectorAll(".bars, .line-svg:not([role=img]), ol.journey-steps")).every((e) => e.getAttribute("aria-hidden") === "true"),
        // A drawing that is not hidden is an image with a description (its numbers are in a table next to it).
        labelledImages: Array.from(document.querySelectorAll("svg:not([aria-hidden=true])")).every((e) => e.getAttribute("role") === "img" && (e.getAttribute("aria-label") ?? "").length > 20),
        journeys: document.querySelectorAll("article.journey").length,
        journeyTables: document.querySelectorAll("article.journey table").length,
        captions: Array.from(document.querySelectorAll("table")).every((t) => t.querySelector("caption")),
        statusText: Array.from(document.querySelectorAll(".status")).every((s) => (s.querySelector(".status-text")?.textContent ?? "").length > 0),
      }));
      expect(info.figureTables).toBe(info.figures);
      expect(info.hiddenVisuals).toBe(true);
      expect(info.labelledImages).toBe(true);
      expect(info.journeyTables).toBe(info.journeys);
      expect(info.captions).toBe(true);
      expect(info.statusText).toBe(true);
    });

    it("renders without errors or CSP violations", async () => {
      await expectClean(p);
    });
  });

  describe("formatting, confidence intervals and reveal", () => {
    const report: Report = {
      cx: 1,
      asOf: "2026-06-30",
      files: ["a.cx"],
      diagnostics: [{ file: "data/s.csv", line: 7, column: 3, severity: "warning", code: "CX4003", message: "Value 'x' is not a number; read as null." }],
      metrics: [
        { name: "csat", label: "Checkout CSAT", unit: "percent", touchpoint: "checkout", value: 0.842, rows: 1234, location: { file: "m.cx", line: 4, column: 8 }, ci: { low: 0.8123, high: 0.8711, level: 0.95 }, n: 1180 },
        { name: "nps", label: "Checkout NPS", unit: "points", touchpoint: "checkout", value: 42.5, rows: 318 },
        { name: "nps_app", label: "App NPS", unit: "points", touchpoint: "app", value: -3.1, rows: 12 },
        { name: "aov", label: "Average order", unit: "currency", currency: "EUR", touchpoint: "checkout", value: 281.774, rows: 2400 },
        { name: "aov_chf", label: "Average order (CH)", unit: 'currency "CHF"', touchpoint: "checkout", value: 1281.5, rows: 20 },
        { name: "orders", label: "Orders", unit: "count", touchpoint: null, value: 12345, rows: 12345 },
        { name: "frt", label: "First response", unit: "minutes", touchpoint: "support", value: 64, rows: 1500, decimals: 0 },
        { name: "ttr", label: "Time to resolve", unit: "hours", touchpoint: "support", value: 4.24, rows: 1500 },
        { name: "lead", label: "Delivery lead time", unit: "days", touchpoint: "delivery", value: 3.5, rows: 900, decimals: 2 },
        { name: "empty", label: "App rating", unit: "number", touchpoint: null, value: null, rows: 0 },
      ],
      goals: [
        { name: "csat_goal", metric: "csat", status: "met", value: 0.842, target: { op: ">=", value: 0.84 }, warn: { op: ">=", value: 0.8 }, severity: "error", conclusive: false, location: { file: "g.cx", line: 12, column: 6 } },
        { name: "frt_goal", metric: "frt", status: "at_risk", value: 64, target: { op: "<=", value: 60 }, warn: { op: "<=", value: 90 }, severity: "error" },
      ],
      journeys: [],
      summary: { errors: 0, warnings: 1, goals: { met: 1, at_risk: 1, missed: 0, no_data: 0 } },
    };
    let p: OpenedPreview;
    beforeAll(async () => {
      p = await openWith(report);
    });
    afterAll(async () => {
      await p?.page.close();
    });

    it("formats values by unit", async () => {
      const values = Object.fromEntries(
        await p.page.locator("tr.metric-row").evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-metric"), (tr.querySelector(".col-value .value") as HTMLElement).innerText])),
      );
      expect(values).toEqual({
        csat: "84.2 %",
        nps: "+42.5",
        nps_app: "−3.1",
        aov: "€ 281.77",
        aov_chf: "1,281.50 CHF",
        orders: "12,345",
        frt: "64 min",
        ttr: "4.2 h",
        lead: "3.50 days",
        empty: "no data",
      });
      const goal = await rowCells(p, ".goals-table tbody tr");
      expect(goal[0]).toEqual(["⚠ At risk", "frt_goal", "First response", "64 min", "≤ 60 min", "≤ 90 min"]);
    });

    it("shows confidence intervals, sample sizes and inconclusive goals when present", async () => {
      const csat = await p.page.locator('tr.metric-row[data-metric="csat"]').innerText();
      expect(csat).toContain("95 % CI 81.2 % – 87.1 %");
      expect(csat).toContain("n = 1,180");
      const goal = await p.page.locator('.goals-table tr[data-goal="csat_goal"]').innerText();
      expect(goal).toContain("Met · not conclusive");
      expect(goal).toContain("95 % CI 81.2 % – 87.1 %");
    });

    it("posts a reveal message when a metric, a goal or a problem is clicked, and refresh from its button; no link without a location", async () => {
      await p.page.getByRole("button", { name: "Checkout CSAT" }).first().click();
      await p.page.getByRole("button", { name: "csat_goal" }).click();
      await p.page.getByRole("button", { name: "data/s.csv:7:3" }).click();
      const posted = (await p.posted()).filter((m) => m.type === "reveal");
      expect(posted).toEqual([
        { type: "reveal", file: "m.cx", line: 4, column: 8 },
        { type: "reveal", file: "g.cx", line: 12, column: 6 },
        { type: "reveal", file: "data/s.csv", line: 7, column: 3 },
      ]);
      await p.page.getByRole("button", { name: "Refresh" }).click();
      expect((await p.posted()).at(-1)).toEqual({ type: "refresh" });
      // A metric without a location is plain text, not a button.
      expect(await p.page.locator('tr.metric-row[data-metric="nps"] button').count()).toBe(0);
      expect(await p.page.getByRole("button", { name: "Checkout NPS" }).count()).toBe(0);
    });

    it("shows 'Computing…' while keeping the last results, then the new report", async () => {
      await p.send({ type: "computing" });
      const status = p.page.locator(".cx-status");
      await expect(status.isVisible()).resolves.toBe(true);
      expect(await status.innerText()).toContain("Computing…");
      expect(await p.page.locator(".cx-content").getAttribute("aria-busy")).toBe("true");
      expect(await p.page.locator("tr.metric-row").count()).toBe(report.metrics!.length);

      const next = structuredClone(report);
      next.metrics![0].value = 0.9;
      await p.send({ type: "report", report: next, folder });
      await expect(status.isVisible()).resolves.toBe(false);
      expect(await p.page.locator('tr.metric-row[data-metric="csat"] .value').innerText()).toBe("90.0 %");
      expect(await p.page.locator(".cx-content").getAttribute("aria-busy")).toBe("false");
    });

    it("shows an error without wiping the results", async () => {
      await p.send({ type: "computing" });
      await p.send({ type: "error", message: "Cannot read data/surveys.csv: <b>EACCES</b>" });
      const alert = p.page.getByRole("alert");
      expect(await alert.innerText()).toBe("Evaluation failed: Cannot read data/surveys.csv: <b>EACCES</b>");
      expect(await p.page.locator(".cx-status").isVisible()).toBe(false);
      expect(await p.page.locator("tr.metric-row").count()).toBe(report.metrics!.length);
      await p.send({ type: "report", report, folder });
      expect(await p.page.locator(".cx-error").isVisible()).toBe(false);
      await expectClean(p);
    });

    it("persists the report with setState and restores it after a reload", async () => {
      const state = (await p.posted(), await p.state()) as { report: Report; folder: string };
      expect(state.folder).toBe(folder);
      expect(state.report.metrics).toHaveLength(report.metrics!.length);
      const restored = await openPreview(browser, server, { theme: dark, state });
      expect(await restored.page.locator('tr.metric-row[data-metric="nps"] .value').innerText()).toBe("+42.5");
      expect(await restored.page.locator("h1").innerText()).toBe(`CX Scorecard — ${folder}`);
      await expectClean(restored);
      await restored.page.close();
    });
  });

  it("survives malformed reports without throwing", async () => {
    const p = await openPreview(browser, server, { theme: light });
    const bad: unknown[] = [
      null,
      "not a report",
      {},
      { cx: 1, diagnostics: [] },
      { metrics: [null, 1, "x", {}, { name: "m", value: "12", groups: "no", trend: [null, { period: null, value: null }] }] },
      { goals: "x", journeys: [{ name: "j", steps: null }, { steps: [{}, null, { value: 1 }, { value: 2, weight: "w" }] }] },
      { goals: [{ name: "g", metric: "nope", status: "met", value: 1, target: null }], summary: { goals: { met: "3" } } },
      { metrics: [{ name: "m", unit: "percent", value: 0.5, groups: [{ key: null, value: 1 }, { key: { a: { nested: true } }, value: null }] }] },
    ];
    for (const report of bad) {
      await p.send({ type: "report", report, folder: 42 });
      await p.page.waitForSelector(".cx-header");
    }
    expect(await p.page.locator(".cx-error").isVisible()).toBe(false);
    await expectClean(p);
    await p.page.close();
  });

  describe("hostile labels", () => {
    const report = loadReport(join(ROOT, "test/fixtures/preview/hostile.json"));

    for (const noCsp of [false, true]) {
      it(`are shown literally and never executed (${noCsp ? "even without the CSP" : "under the CSP"})`, async () => {
        const p = await openWith(report, { noCsp });
        await p.send({ type: "error", message: HOSTILE });
        const text = await p.page.locator("body").innerText();
        // Visible as text: metric label, goal, journey, touchpoint, step, group key, period, diagnostics, error.
        expect(text.split(HOSTILE).length - 1).toBeGreaterThanOrEqual(6);
        expect(text).toContain('<img src=x onerror="window.__xss=1">');
        expect(text).toContain("<script>window.__xss=1</script>");
        expect(await p.page.getByRole("button", { name: HOSTILE }).count()).toBeGreaterThanOrEqual(2);
        // Version 2 fields: comparison label, goal groups, funnel, cohort and driver names, SQL text.
        for (const sel of [".change-vs", ".goal-groups", "figure[data-chart=funnel]", "figure[data-chart=retention]", "figure[data-chart=drivers]"]) {
          expect(await p.page.locator(sel).first().textContent(), sel).toContain(HOSTILE);
        }
        expect(text).toContain("</script><script>window.__xss=1</script>");
        for (const b of await p.page.locator("button.sql-toggle").all()) await b.click();
        const sql = await p.page.locator("pre.sql").allTextContents();
        expect(sql).toEqual([
          `select 1 as "</script><script>window.__xss=1</script>" -- ${HOSTILE}\nfrom t where label = '\\u202Egnp.exe\\u202C'`,
          "</script><script>window.__xss=1</script>",
        ]);
        // Bidirectional overrides never reach the page as such: they are shown as visible escapes.
        const bidi = await p.page.evaluate(() => {
          const texts: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) texts.push(walker.currentNode.nodeValue ?? "");
          const attrs = Array.from(document.querySelectorAll("[title], [aria-label]")).flatMap((e) => [e.getAttribute("title") ?? "", e.getAttribute("aria-label") ?? ""]);
          const all = [...texts, ...attrs].join("\n");
          return { hidden: /[\u202a-\u202e\u2066-\u2069]/.test(all), escaped: (all.match(/\\u202E/g) ?? []).length };
        });
        expect(bidi.hidden).toBe(false);
        expect(bidi.escaped).toBeGreaterThanOrEqual(5);
        expect(await p.page.locator("body").innerText()).toContain("Score \\u202Egnp.exe\\u202C");
        const dom = await p.page.evaluate(() => {
          const all: Element[] = [];
          const walk = (root: Document | ShadowRoot) => {
            for (const el of Array.from(root.querySelectorAll("*"))) {
              all.push(el);
              if (el.shadowRoot) walk(el.shadowRoot);
            }
          };
          walk(document);
          return {
            dangerous: all.filter((e) => ["IMG", "IFRAME", "OBJECT", "EMBED"].includes(e.tagName) || (e.tagName === "SCRIPT" && !(e as HTMLScriptElement).src)).map((e) => e.outerHTML),
            handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
            xss: (window as unknown as { __xss?: unknown }).__xss,
          };
        });
        expect(dom.dangerous).toEqual([]);
        expect(dom.handlers).toEqual([]);
        expect(dom.xss).toBeUndefined();
        await p.page.waitForTimeout(100);
        expect(await p.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
        await expectClean(p);
        await p.page.close();
      });
    }
  });

  describe("screenshots", () => {
    const out = join(ROOT, "docs/images");
    // retail.json: the sample workspace's report; v2.json: comparisons, goals for every group, funnel,
    // retention and drivers (language-v2 §11–§14).
    for (const [fixture, prefix] of [["retail.json", "preview"], ["v2.json", "preview-v2"]] as const)
    for (const [name, theme] of [["light", light], ["dark", dark], ["high-contrast", highContrast]] as const) {
      it(`saves docs/images/${prefix}-${name}.png`, async () => {
        const report = loadReport(join(ROOT, "test/fixtures/preview", fixture));
        mkdirSync(out, { recursive: true });
        const p = await openPreview(browser, server, { theme, width: 1100, height: 1000 });
        await p.send({ type: "report", report, folder: "retail" });
        await p.page.waitForSelector("figure.chart");
        await p.page.evaluate(() => document.fonts.ready);
        const file = join(out, `${prefix}-${name}.png`);
        await p.page.screenshot({ path: file, fullPage: true });
        if (fixture === "v2.json") {
          // The analyses alone (funnels, retention, drivers), for the README.
          const top = await p.page.locator("section.cx-funnels").boundingBox();
          const bottom = await p.page.locator("section.cx-drivers").boundingBox();
          expect(top && bottom).toBeTruthy();
          await p.page.screenshot({ path: join(out, `${prefix}-analyses-${name}.png`), fullPage: true, clip: { x: 0, y: top!.y - 8, width: 1100, height: bottom!.y + bottom!.height - top!.y + 16 } });
        }
        // The theme really applies: the page background is the theme's editor background.
        const bg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(bg).toBe({ light: "rgb(255, 255, 255)", dark: "rgb(31, 31, 31)", "high-contrast": "rgb(0, 0, 0)" }[name]);
        await expectClean(p);
        await p.page.close();
      });
    }
  });
});
