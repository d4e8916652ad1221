// Preloaded into each benchmarked process (node -r bench/rss.cjs …): on exit, appends the
// process's peak resident set size (kB) and its CPU time (ms, user + system, every thread:
// getrusage of the whole process) to the file named by CX_BENCH_RSS, as "KB MS".
//
// The peak is VmHWM from /proc/self/status (Linux): the high-water mark of this program's own
// memory. process.resourceUsage().maxRSS is not: Linux carries the RSS the process had before
// exec — a forked copy of the parent, e.g. a benchmark harness that loaded DuckDB — into it, so a
// small child of a large parent reports the parent's size. Elsewhere maxRSS is the fallback.
const file = process.env.CX_BENCH_RSS;
if (file) {
  process.on("exit", () => {
    const fs = require("node:fs");
    const cpu = process.cpuUsage();
    fs.appendFileSync(file, `${peakRssKb()} ${Math.round((cpu.user + cpu.system) / 1000)}\n`);
  });
}

function peakRssKb() {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
module.exports = { peakRssKb };
