// Preloaded into each benchmarked process (node -r bench/rss.cjs …): on exit, appends the
// process's peak resident set size (kB) to the file named by CX_BENCH_RSS.
const file = process.env.CX_BENCH_RSS;
if (file) {
  process.on("exit", () => {
    require("node:fs").appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
