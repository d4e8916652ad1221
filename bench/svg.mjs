// A small hand-written SVG plot for bench/run.mjs: wall time and peak RSS of `cx eval` and
// DuckDB against the number of rows (log–log), side by side.

const W = 900;
const H = 380;
const PANEL_W = 370;
const PANEL_H = 270;
const COLORS = { cx: "#2b6cb0", duck: "#c05621" };

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");
const rowsLabel = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** Powers of ten (and 2×, 5×) between lo and hi, for log axes. */
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

function panel(x0, y0, title, unit, points, series) {
  const xs = points.map((p) => p.rows);
  const ys = points.flatMap((p) => series.map((s) => p[s.key]));
  const xlo = Math.min(...xs), xhi = Math.max(...xs);
  const ylo = Math.min(...ys) / 1.3, yhi = Math.max(...ys) * 1.3;
  const px = (v) => x0 + ((Math.log(v) - Math.log(xlo)) / (Math.log(xhi) - Math.log(xlo) || 1)) * PANEL_W;
  const py = (v) => y0 + PANEL_H - ((Math.log(v) - Math.log(ylo)) / (Math.log(yhi) - Math.log(ylo) || 1)) * PANEL_H;
  const parts = [];
  parts.push(`<text x="${x0 + PANEL_W / 2}" y="${y0 - 14}" text-anchor="middle" font-weight="600">${esc(title)}</text>`);
  parts.push(`<rect x="${x0}" y="${y0}" width="${PANEL_W}" height="${PANEL_H}" fill="none" stroke="#999"/>`);
  for (const v of logTicks(ylo, yhi)) {
    const y = py(v).toFixed(1);
    parts.push(`<line x1="${x0}" x2="${x0 + PANEL_W}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${x0 - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11">${esc(v >= 1000 ? `${v / 1000}k` : v)}</text>`);
  }
  for (const v of xs) {
    const x = px(v).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + PANEL_H}" stroke="#eee"/>`);
    parts.push(`<text x="${x}" y="${y0 + PANEL_H + 16}" text-anchor="middle" font-size="11">${rowsLabel(v)}</text>`);
  }
  parts.push(`<text x="${x0 + PANEL_W / 2}" y="${y0 + PANEL_H + 34}" text-anchor="middle" font-size="12">rows (log scale)</text>`);
  parts.push(`<text transform="translate(${x0 - 46} ${y0 + PANEL_H / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(unit)} (log scale)</text>`);
  for (const s of series) {
    const pts = points.map((p) => `${px(p.rows).toFixed(1)},${py(p[s.key]).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of points) parts.push(`<circle cx="${px(p.rows).toFixed(1)}" cy="${py(p[s.key]).toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(`${s.name}, ${rowsLabel(p.rows)} rows: ${Math.round(p[s.key])} ${unit}`)}</title></circle>`);
  }
  return parts.join("\n");
}

/** points: [{ rows, cxMs, duckMs, cxRssMb, duckRssMb }]. */
export function scalingSvg(points, machine) {
  const time = [
    { key: "cxMs", name: "cx eval", color: COLORS.cx },
    { key: "duckMs", name: "DuckDB", color: COLORS.duck },
  ];
  const mem = [
    { key: "cxRssMb", name: "cx eval", color: COLORS.cx },
    { key: "duckRssMb", name: "DuckDB", color: COLORS.duck },
  ];
  const legend = [
    ["cx eval", COLORS.cx],
    ["DuckDB (2 threads)", COLORS.duck],
  ]
    .map(([name, c], i) => `<rect x="${70 + i * 170}" y="${H - 22}" width="14" height="4" fill="${c}"/><text x="${90 + i * 170}" y="${H - 16}" font-size="12">${esc(name)}</text>`)
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
${panel(70, 40, "Wall time, whole process (median of 3)", "ms", points, time)}
${panel(70 + PANEL_W + 70, 40, "Peak RSS (median of 3)", "MB", points, mem)}
${legend}
<text x="${W - 10}" y="${H - 16}" text-anchor="end" font-size="11" fill="#666">${esc(`20 metrics; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`)}</text>
</svg>
`;
}
