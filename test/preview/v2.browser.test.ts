// The version 2 report in the scorecard preview (cli.md "Version 2 additions", language-v2 §11–§14), in
// headless Chromium under the real shell and CSP. test/fixtures/preview/v2.json is written by hand; the
// numbers expected here are worked out by hand from it (not by the preview's own formatting code).

import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../client/src/preview/types";
import { buildWebview, launchChromium, loadReport, openPreview, type OpenedPreview, type PreviewServer, ROOT, skipBrowser, skipReason, startServer } from "./harness";
import { highContrast, light } from "./themes";

let browser: Browser;
let server: PreviewServer;
let cleanup = () => {};

beforeAll(async () => {
  if (skipBrowser) return;
  const built = await buildWebview();
  cleanup = built.cleanup;
  server = await startServer(built.dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  cleanup();
});

const report = loadReport(join(ROOT, "test/fixtures/preview/v2.json")) as Report;

async function openWith(r: unknown, theme = light): Promise<OpenedPreview> {
  const p = await openPreview(browser, server, { theme, width: 1100, height: 900 });
  await p.send({ type: "report", report: r, folder: "retail" });
  await p.page.waitForSelector(".cx-header");
  return p;
}

async function expectClean(p: OpenedPreview): Promise<void> {
  expect(p.pageErrors).toEqual([]);
  expect(p.consoleErrors).toEqual([]);
  expect(await p.cspViolations()).toEqual([]);
  expect(server.unexpected).toEqual([]);
}

const squash = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

describe.skipIf(skipBrowser)(`version 2 report in the preview${skipBrowser ? ` (skipped: ${skipReason})` : ""}`, () => {
  let p: OpenedPreview;
  beforeAll(async () => {
    p = await openWith(report);
  });
  afterAll(async () => {
    await p?.page.close();
  });

  it("orders the sections: goals, journeys, funnels, retention, drivers, metrics, problems", async () => {
    const headings = await p.page.locator("section > h2").evaluateAll((hs) => hs.map((h) => h.firstChild?.textContent?.trim()));
    expect(headings).toEqual(["Goals", "Journeys", "Funnels", "Retention", "Drivers", "Metrics", "Problems"]);
  });

  it("shows a significant change and a not significant one, each with arrow, unit, period and p", async () => {
    const badge = (name: string) => p.page.locator(`tr.metric-row[data-metric="${name}"] .col-change .change`);
    const read = async (name: string) => ({
      text: squash(await badge(name).textContent()),
      sig: await badge(name).getAttribute("data-significance"),
      dir: await badge(name).getAttribute("data-direction"),
    });
    expect(await read("checkout_nps")).toEqual({ text: "▲ +34.6 pts vs previous 90 days (+19.1) ● significant (p < 0.001)", sig: "significant", dir: "up" });
    expect(await read("support_csat")).toEqual({ text: "▼ −3.3 pts vs same 3 months last year (73.5 %) ○ not significant (p = 0.54)", sig: "not-significant", dir: "down" });
    expect(await read("avg_order")).toEqual({ text: "▲ +€ 2.10 vs previous 30 days (€ 82.20) ● significant (p = 0.021)", sig: "significant", dir: "up" });
    expect(await read("resolution_index")).toEqual({ text: "▲ +0.12 vs previous 90 days (1.25) ◌ no significance test", sig: "untested", dir: "up" });
    // Metrics without `compare` get no badge; a touchpoint without any compared metric has no Change column.
    expect(await p.page.locator('tr.metric-row[data-metric="checkout_csat"] .col-change').innerText()).toBe("—");
    expect(await p.page.locator('.touchpoint[data-touchpoint="delivery"] thead th').allInnerTexts()).toEqual(["Metric", "Value", "Goal", "Rows"]);

    // Muted when not significant: the muted colour, a lighter weight — and the words and hollow circle.
    const style = (name: string) =>
      badge(name).evaluate((e) => {
        const v = e.querySelector(".change-value")!;
        return { color: getComputedStyle(v).color, weight: getComputedStyle(v).fontWeight, muted: getComputedStyle(document.querySelector(".cx-meta")!).color };
      });
    const sig = await style("checkout_nps");
    const not = await style("support_csat");
    expect(not.color).toBe(not.muted);
    expect(sig.color).not.toBe(sig.muted);
    expect(Number(sig.weight)).toBeGreaterThan(Number(not.weight));
  });

  it("shows a change badge on each group, the period in the chart's caption", async () => {
    const chart = p.page.locator('tr.chart-row[data-metric="checkout_nps"] figure[data-chart=by]');
    expect(squash(await chart.locator("figcaption").textContent())).toBe("By region · change vs previous 90 days");
    const rows = await chart.locator(".bar-row").evaluateAll((rs) =>
      rs.map((r) => {
        const c = r.querySelector(".change")!;
        const visible = c.cloneNode(true) as Element;
        visible.querySelectorAll(".sr-only").forEach((e) => e.remove());
        return [r.querySelector(".bar-label")!.textContent, (visible.textContent ?? "").replace(/\s+/g, " ").trim(), c.getAttribute("data-significance"), c.querySelector(".sr-only")?.textContent];
      }),
    );
    expect(rows).toEqual([
      ["east", "▲ +46.4 pts ● significant (p = 0.014)", "significant", "vs previous 90 days"],
      ["north", "▲ +18.7 pts ○ not significant (p = 0.33)", "not-significant", "vs previous 90 days"],
      ["south", "▲ +47.2 pts ● significant (p = 0.0026)", "significant", "vs previous 90 days"],
      ["west", "▲ +28.8 pts ○ not significant (p = 0.075)", "not-significant", "vs previous 90 days"],
      ["central", "– no previous value", "none", "vs previous 90 days"],
    ]);
    // The same numbers in the chart's table, for screen readers.
    const table = await chart.locator("table tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    expect(table[0]).toEqual(["east", "+46.4", "+46.4 pts", "0.0", "significant (p = 0.014)", "28", "31", "Met"]);
    expect(table[4]).toEqual(["central", "+40.0", "—", "—", "—", "5", "8", "Met"]);
  });

  it("lists the groups of a goal for every group that are not met, worst first, and marks them on the metric's bars", async () => {
    const row = p.page.locator('.goals-table tr.goal-row[data-goal="every_store_nps"]');
    expect((await row.locator("td, th").allTextContents()).map(squash)).toEqual(["✗ Missed", "every_store_npsevery group", "Store NPS", "−5.0worst: west", "≥ 30", "≥ 20"]);
    const groups = p.page.locator('.goals-table tr.goal-groups-row[data-goal="every_store_nps"]');
    expect(squash(await groups.locator(".goal-groups-summary").textContent())).toBe("4 of 5 groups not met, worst first:");
    expect((await groups.locator("li").allTextContents()).map(squash)).toEqual(["west −5.0 ✗ Missed", "north +1.3 ✗ Missed", "south +22.0 ⚠ At risk", "(null) – No data"]);
    // The goal-groups list is labelled by its summary.
    const list = groups.locator("ul.goal-groups");
    const labelledBy = await list.getAttribute("aria-labelledby");
    expect(squash(await p.page.locator(`[id="${labelledBy}"]`).textContent())).toContain("4 of 5 groups not met");

    // On the metric's group list: the statuses of the goal's groups (from the report), with their marks.
    const bars = await p.page.locator('tr.chart-row[data-metric="store_nps"] .bar-row').evaluateAll((rs) => rs.map((r) => [r.querySelector(".bar-label")!.textContent, r.className, r.querySelector(".mark")?.textContent?.trim() ?? ""]));
    expect(bars).toEqual([
      ["north", "bar-row status-missed", "✗"],
      ["south", "bar-row status-at_risk", "⚠"],
      ["east", "bar-row status-met", "✓"],
      ["west", "bar-row status-missed", "✗"],
      ["(null)", "bar-row status-no_data", "–"],
    ]);
    expect(squash(await p.page.locator('tr.chart-row[data-metric="store_nps"] figcaption').textContent())).toBe("By store · 3 not meeting goal every_store_nps");
    const hidden = await p.page.locator('tr.chart-row[data-metric="store_nps"] table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.lastElementChild?.textContent));
    expect(hidden).toEqual(["Missed", "At risk", "Met", "Missed", "No data"]);
  });

  it("draws the funnel with customers, drop-offs and conversions, steps linked to their touchpoints", async () => {
    const rows = await p.page.locator('figure[data-funnel="purchase"] tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim())));
    expect(rows).toEqual([
      ["1", "Product page product_page", "328", "—", "—", "100.0 %"],
      ["2", "cart", "202", "↓ −126 (38.4 %)", "61.6 %", "61.6 %"],
      ["3", "Checkout checkout", "154", "↓ −48 (23.8 %)", "76.2 %", "47.0 %"],
      ["4", "purchase", "108", "↓ −46 (29.9 %)", "70.1 %", "32.9 %"],
    ]);
    expect(squash(await p.page.locator('figure[data-funnel="purchase"] figcaption').textContent())).toBe("Purchase funnel 32.9 % of 328 customers at the first step reach the last");
    // Bars: customers ÷ first step.
    const sizes = await p.page.locator('figure[data-funnel="purchase"] .funnel-bar').evaluateAll((bs) => bs.map((b) => Number((b as HTMLElement).style.getPropertyValue("--size"))));
    expect(sizes.map((x) => x.toFixed(4))).toEqual(["1.0000", "0.6159", "0.4695", "0.3293"]);
    // A step that is a touchpoint opens the touchpoint's definition.
    await p.page.locator('figure[data-funnel="purchase"]').getByRole("button", { name: "Checkout" }).click();
    expect((await p.posted()).at(-1)).toEqual({ type: "reveal", file: "touchpoints.cx", line: 10, column: 12 });
  });

  it("draws the retention curve above the cohort × age heatmap; unobserved cells are empty, not zero", async () => {
    const fig = p.page.locator('figure[data-cohort="monthly_retention"]');
    expect(squash(await fig.locator("figcaption").textContent())).toBe("Monthly retention 37.1 % retained at month 6");
    const rows = await fig.locator("table.heatmap tbody tr, table.heatmap tfoot tr").evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.children).map((c) => {
          if (c.classList.contains("unobserved")) return "";
          return (c.textContent ?? "").trim();
        }),
      ),
    );
    expect(rows).toEqual([
      ["2025-12", "35", "100 %", "80 %", "69 %", "54 %", "46 %", "40 %", "37 %"],
      ["2026-01", "46", "98 %", "78 %", "67 %", "54 %", "46 %", "39 %", ""],
      ["2026-02", "52", "96 %", "77 %", "65 %", "52 %", "44 %", "", ""],
      ["2026-03", "40", "95 %", "75 %", "65 %", "53 %", "", "", ""],
      ["2026-04", "61", "92 %", "74 %", "62 %", "", "", "", ""],
      ["2026-05", "38", "89 %", "71 %", "", "", "", "", ""],
      ["2026-06", "30", "87 %", "", "", "", "", "", ""],
      ["All cohorts", "302", "94 %", "76 %", "65 %", "53 %", "45 %", "40 %", "37 %"],
    ]);
    // 2026-06 lists only its observed age (the core lists every age with observed 0): both are empty cells.
    expect(await fig.locator('tr[data-cohort="2026-06"] td.unobserved').count()).toBe(6);
    expect(await fig.locator('tr[data-cohort="2026-01"] td.unobserved').count()).toBe(1);
    // Each cell explains itself on hover.
    expect(await fig.locator('tr[data-cohort="2026-01"] td.heat').nth(1).getAttribute("title")).toBe("2026-01, month 1: 36 of 46 retained (78.3 %)");
    expect(await fig.locator('tr[data-cohort="2026-01"] td.heat').nth(6).getAttribute("title")).toBe("2026-01, month 6: not observed yet");
    // Cells are shaded by rate; the unobserved ones are hatched instead.
    const bg = await fig.locator('tr[data-cohort="2026-01"] td.heat').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).backgroundImage !== "none" ? "hatched" : getComputedStyle(td).backgroundColor));
    expect(bg[6]).toBe("hatched");
    expect(new Set(bg.slice(0, 6)).size).toBe(6);

    // The curve: 7 points, a line, described for screen readers.
    expect(await fig.locator("svg.curve-svg circle.pt").count()).toBe(7);
    expect(await fig.locator("svg.curve-svg").getAttribute("aria-label")).toBe("Retention curve of Monthly retention: 94.0 % at month 0, 37.1 % at month 6");

    // Observed with nobody retained is 0 %; not observed is empty.
    const pilot = await p.page.locator('figure[data-cohort="pilot_activity"] tbody tr td').evaluateAll((tds) => tds.map((c) => (c.classList.contains("unobserved") ? "(empty)" : (c.textContent ?? "").trim())));
    expect(pilot).toEqual(["3", "100 %", "0 %", "(empty)"]);
    expect(squash(await p.page.locator('figure[data-cohort="pilot_activity"] figcaption').textContent())).toBe("Pilot: repeat buyers no data retained at quarter 2 (active in that period)");
  });

  it("draws the importance–performance chart with labelled points in their quadrants, and the drivers table", async () => {
    const fig = p.page.locator('figure[data-drivers="recommendation_drivers"]');
    const table = await fig.locator("table.drivers-table tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? "").trim())));
    expect(table).toEqual([
      ["Delivery delivery", "51.2 %", "0.63", "7.12", "Keep up"],
      ["Customer support support", "31.3 %", "0.51", "6.45", "Fix first"],
      ["Checkout checkout", "15.3 %", "0.39", "7.73", "Possible overkill"],
      ["Mobile app app", "2.2 %", "0.16", "6.76", "Lower priority"],
      ["price", "—", "—", "5.00", "not in the model"],
    ]);
    expect(squash(await fig.locator(".drivers-note").textContent())).toBe(
      "n = 697 complete cases · R² = 0.55 · Quadrants split at the drivers' mean importance (25.0 %) and mean performance (7.01).",
    );
    // Geometry: each point lies on its quadrant's side of both dividers; each has its label next to it.
    const geo = await fig.locator("svg.drivers-svg").evaluate((svg) => {
      const [vx, hy] = Array.from(svg.querySelectorAll(".quadrant-line")).map((l, i) => Number(l.getAttribute(i === 0 ? "x1" : "y1")));
      const corner = Object.fromEntries(Array.from(svg.querySelectorAll(".quadrant-label")).map((t) => [t.textContent, { right: Number(t.getAttribute("x")) > vx, top: Number(t.getAttribute("y")) < hy }]));
      const points = Array.from(svg.querySelectorAll(".driver-point")).map((g) => {
        const c = g.querySelector("circle")!;
        const t = g.querySelector("text")!;
        return { name: g.getAttribute("data-driver"), label: t.textContent, right: Number(c.getAttribute("cx")) > vx, top: Number(c.getAttribute("cy")) < hy, dy: Math.abs(Number(t.getAttribute("y")) - Number(c.getAttribute("cy"))) };
      });
      return { corner, points, role: svg.getAttribute("role"), label: svg.getAttribute("aria-label") };
    });
    expect(geo.corner).toEqual({ "Keep up": { right: true, top: true }, "Fix first": { right: true, top: false }, "Possible overkill": { right: false, top: true }, "Lower priority": { right: false, top: false } });
    expect(Object.fromEntries(geo.points.map(({ name, label, right, top }) => [name, { label, right, top }]))).toEqual({
      delivery: { label: "Delivery", right: true, top: true },
      support: { label: "Customer support", right: true, top: false },
      checkout: { label: "Checkout", right: false, top: true },
      app: { label: "Mobile app", right: false, top: false },
    });
    for (const pt of geo.points) expect(pt.dy).toBeLessThan(20);
    expect(geo.role).toBe("img");
    expect(geo.label).toBe("Importance–performance chart of 4 drivers. Fix first: Customer support. The table below lists every value.");
    expect(squash(await fig.locator(".analysis-stats").textContent())).toBe("n = 697 · R² = 0.55");
  });

  it("shows each journey step's score, goal, reach and importance, the weakest step and the priority", async () => {
    const steps = await p.page.locator('article.journey[data-journey="online_purchase"] ol.journey-steps > li').evaluateAll((lis) =>
      lis.map((li) => ({ cls: li.className, text: (li as HTMLElement).innerText.replace(/\s+/g, " ").trim() })),
    );
    expect(steps).toEqual([
      { cls: "step", text: "1 Product page 77.0 % weight 1 reach 100.0 % importance —" },
      { cls: "step weakest status-met", text: "2 Checkout 81.1 % weight 2 ✓ Met reach 47.0 % importance 15.3 % ▼ Weakest step" },
      { cls: "step priority status-at_risk", text: "3 Delivery 72.3 % weight 2 ⚠ At risk reach — importance 51.2 % ★ Priority" },
      { cls: "step status-at_risk", text: "4 Customer support 70.2 % weight 1 ⚠ At risk reach — importance 31.3 %" },
    ]);
    const table = await p.page.locator('article.journey[data-journey="online_purchase"] table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    expect(table[1]).toEqual(["2", "Checkout", "81.1 %", "2", "Met", "47.0 %", "15.3 %", "Weakest step: lowest conversion from the step before"]);
    expect(table[2]).toEqual(["3", "Delivery", "72.3 %", "2", "At risk", "—", "51.2 %", "Priority: most important under-performer"]);
  });

  it("shows the sample size n of metrics, groups and trend periods, and none when n is null", async () => {
    expect(await p.page.locator('tr.metric-row[data-metric="checkout_nps"] .col-rows').innerText()).toBe("131\nn = 108");
    expect(await p.page.locator('tr.metric-row[data-metric="resolution_index"] .col-rows').innerText()).toBe("900");
    const trend = await p.page.locator('tr.chart-row[data-metric="support_csat"] figure[data-chart=trend] table').evaluate((t) => Array.from(t.querySelectorAll("tr")).map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    expect(trend).toEqual([
      ["Period", "Value", "n", "Rows"],
      ["2026-04", "68.0 %", "47", "50"],
      ["2026-05", "71.0 %", "49", "52"],
      ["2026-06", "71.6 %", "45", "48"],
    ]);
  });

  it("shows a metric's SQL behind a disclosure button, only when the report carries it", async () => {
    expect(await p.page.locator("button.sql-toggle").count()).toBe(1);
    const button = p.page.locator('tr.metric-row[data-metric="checkout_nps"] button.sql-toggle');
    const row = p.page.locator('tr.sql-row[data-metric="checkout_nps"]');
    expect(await button.getAttribute("aria-expanded")).toBe("false");
    expect(await row.isVisible()).toBe(false);
    expect(await button.getAttribute("aria-controls")).toBe(await row.getAttribute("id"));
    await button.click();
    expect(await row.isVisible()).toBe(true);
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    expect(await button.innerText()).toContain("Hide SQL");
    expect(await row.locator("pre.sql").textContent()).toBe(report.metrics!.find((m) => m.name === "checkout_nps")!.sql);
    await button.click();
    expect(await row.isVisible()).toBe(false);
  });

  it("is keyboard accessible: Tab reaches the new controls with a visible focus ring, Enter and Space toggle the SQL", async () => {
    const k = await openWith(report);
    const seen: { text: string; cls: string; outline: string }[] = [];
    await k.page.locator("body").click({ position: { x: 1, y: 1 } });
    for (let i = 0; i < 80; i++) {
      await k.page.keyboard.press("Tab");
      const info = await k.page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        return { text: (e.getAttribute("aria-label") ?? e.textContent ?? "").replace(/\s+/g, " ").trim(), cls: e.className, outline: `${s.outlineStyle} ${s.outlineWidth}` };
      });
      if (!info) break;
      seen.push(info);
    }
    const texts = seen.map((s) => s.text);
    // In document order: the funnel's touchpoint steps, the retention and drivers titles, driver links, the SQL button.
    for (const t of ["Purchase funnel", "Product page", "Checkout", "Monthly retention", "What drives recommendation", "Customer support", "Show SQL of Checkout NPS"]) expect(texts, t).toContain(t);
    expect(texts.indexOf("Purchase funnel")).toBeLessThan(texts.indexOf("Monthly retention"));
    expect(texts.indexOf("Monthly retention")).toBeLessThan(texts.indexOf("What drives recommendation"));
    expect(texts.indexOf("What drives recommendation")).toBeLessThan(texts.indexOf("Show SQL of Checkout NPS"));
    // Every focused control shows a focus ring.
    for (const s of seen) expect(s.outline, s.text).not.toMatch(/^none|\b0px$/);

    // The SQL button by keyboard.
    const button = k.page.getByRole("button", { name: "Show SQL of Checkout NPS" });
    await button.focus();
    await k.page.keyboard.press("Enter");
    expect(await k.page.locator('tr.sql-row[data-metric="checkout_nps"]').isVisible()).toBe(true);
    expect(await k.page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Hide SQL of Checkout NPS");
    // The SQL block itself is focusable (it scrolls) and comes next.
    await k.page.keyboard.press("Tab");
    expect(await k.page.evaluate(() => document.activeElement?.tagName)).toBe("PRE");
    await k.page.keyboard.press("Shift+Tab");
    await k.page.keyboard.press("Space");
    expect(await k.page.locator('tr.sql-row[data-metric="checkout_nps"]').isVisible()).toBe(false);
    await expectClean(k);
    await k.page.close();
  });

  it("renders in high contrast with every analysis readable", async () => {
    const hc = await openWith(report, highContrast);
    // The not significant change is outlined (dashed) in high contrast, on top of its words and circle.
    const outline = await hc.page.locator('tr.metric-row[data-metric="support_csat"] .change').evaluate((e) => getComputedStyle(e).outlineStyle);
    expect(outline).toBe("dashed");
    // Heatmap cells have borders; values are text.
    const border = await hc.page.locator("td.heat").first().evaluate((e) => getComputedStyle(e).borderTopColor);
    expect(border).toBe("rgb(111, 195, 223)");
    await expectClean(hc);
    await hc.page.close();
  });

  it("fits a narrow panel: wide tables and charts scroll inside their boxes, the page does not", async () => {
    const narrow = await openPreview(browser, server, { theme: light, width: 420, height: 800 });
    await narrow.send({ type: "report", report, folder: "retail" });
    await narrow.page.waitForSelector("figure[data-chart=drivers]");
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await expectClean(narrow);
    await narrow.page.close();
  });

  it("ignores the old `sample` field: the sample size is `n` only", async () => {
    const old = { cx: 1, metrics: [{ name: "m", label: "M", unit: "points", value: 10, rows: 50, sample: 42 }, { name: "k", unit: "count", value: 3, rows: 3, n: 3 }] };
    const q = await openWith(old);
    expect(await q.page.locator('tr.metric-row[data-metric="m"] .col-rows').innerText()).toBe("50");
    expect(await q.page.locator('tr.metric-row[data-metric="k"] .col-rows').innerText()).toBe("3\nn = 3");
    await expectClean(q);
    await q.page.close();
  });

  it("renders without errors or CSP violations", async () => {
    await expectClean(p);
  });
});
