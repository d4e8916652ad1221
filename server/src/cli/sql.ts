// `cx sql [PATH…] [--dialect D] [--metric NAME]` (engines.md §4): the SQL each source's evaluation
// runs, formatted, with a comment naming the source and what each query computes. Needs no
// connection: queries are rendered as they would be sent (file sources without the header
// discovery the DuckDB executor does first, so columns appear under their declared headers).
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { NodeHost } from "../node/host";
import { discover } from "../node/discover";
import { DataCache } from "../core/data/reader";
import { analyze } from "../core/analyze";
import { parseDate } from "../core/data/convert";
import { localToday } from "../core/engine";
import { planWorkspace } from "../core/plan/planner";
import { dialectOfSource, plansFor } from "../core/engines/sql/show";
import { DIALECT_NAMES, type DialectName } from "../core/engines/sql/dialect";
import { dialectFor } from "../core/engines/sql/dialects";
import { formatSource, renderSource } from "../core/engines/sql/render";
import { UTC, zoneFor } from "../core/time/zone";

export const SQL_HELP = `Usage: cx sql [PATH…] [options]

Print the SQL that evaluating each source runs on an SQL engine, formatted, with a comment per
query saying what it computes. Needs no connection.

Options:
  --dialect D           ${DIALECT_NAMES.join(" | ")} (default: each source's engine — its
                        connection's, or duckdb for file sources)
  --metric NAME         only the queries a metric (or funnel, cohort, drivers) needs
  --as-of YYYY-MM-DD    evaluation date for windows (default: asOf in cx.yaml, else today)
  --output FILE         write the SQL to FILE instead of standard output`;

class SqlUsage extends Error {}

interface SqlOptions {
  paths: string[];
  dialect?: DialectName;
  metric?: string;
  asOf?: string;
  output?: string;
  help: boolean;
}

function parseSqlArgs(argv: string[]): SqlOptions {
  const o: SqlOptions = { paths: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    if (a.startsWith("--") && a.includes("=")) {
      inline = a.slice(a.indexOf("=") + 1);
      a = a.slice(0, a.indexOf("="));
    }
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || (v.startsWith("--") && v.length > 2)) throw new SqlUsage(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--help":
      case "-h":
        o.help = true;
        break;
      case "--dialect": {
        const v = value();
        if (!(DIALECT_NAMES as readonly string[]).includes(v)) throw new SqlUsage(`unknown dialect '${v}' (expected ${DIALECT_NAMES.join(", ")})`);
        o.dialect = v as DialectName;
        break;
      }
      case "--metric":
        o.metric = value();
        break;
      case "--as-of":
        o.asOf = value();
        if (parseDate(o.asOf) === null) throw new SqlUsage(`--as-of must be a date YYYY-MM-DD, not '${o.asOf}'`);
        break;
      case "--output":
      case "-o":
        o.output = value();
        break;
      default:
        if (a.startsWith("-") && a !== "-") throw new SqlUsage(`unknown option '${a}' for cx sql`);
        o.paths.push(a);
    }
  }
  return o;
}

/** Text for a terminal or log: control characters from .cx files or data shown escaped (cli.md). */
function safeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Runs `cx sql`; returns the exit status (0 ok, 1 error diagnostics, 2 usage error). */
export async function runSqlCommand(argv: string[], cwd: string): Promise<number> {
  let o: SqlOptions;
  try {
    o = parseSqlArgs(argv);
  } catch (e) {
    if (!(e instanceof SqlUsage)) throw e;
    process.stderr.write(`cx: ${e.message}\nRun 'cx sql --help' for usage.\n`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(SQL_HELP + "\n");
    return 0;
  }
  const found = discover(o.paths, cwd);
  const usage = (msg: string) => {
    process.stderr.write(`cx: ${msg}\nRun 'cx sql --help' for usage.\n`);
    return 2;
  };
  if (found.missing.length) return usage(`no such file or directory: ${found.missing.join(", ")}`);
  if (found.files.length === 0) return usage(`no .cx files found in ${o.paths.length ? o.paths.join(", ") : "the current directory"}`);

  const host = new NodeHost();
  const cache = new DataCache(host);
  const analysis = await analyze({ root: found.root, inputs: found.files, host, configFile: found.configFile, cache, mode: "eval" });
  const config = analysis.model.workspace.config;
  const zone = ((config.timezone && zoneFor(config.timezone)) || UTC).name;
  const asOf = o.asOf ?? config.asOf ?? localToday(new Date());
  const planned = planWorkspace(analysis.model, { asOf, timezone: zone });
  let sources = planned.plan.sources;
  if (o.metric !== undefined) {
    const only = plansFor(o.metric, planned);
    if (!only) return usage(`no metric, funnel, cohort or drivers named '${o.metric}' that can be evaluated`);
    sources = only;
  }
  const out: string[] = [`-- cx sql: as of ${asOf}, time zone ${zone}`];
  for (const [name, plan] of sources) {
    const info = analysis.model.sources.get(name);
    const dialect: DialectName = o.dialect ?? dialectOfSource(plan, config);
    out.push("");
    if (info) out.push(`-- ${path.relative(cwd, info.sym.file.path).split(path.sep).join("/")}`);
    out.push(formatSource(renderSource(plan, dialectFor(dialect), { zone })));
  }
  const text = safeForTerminal(out.join("\n"));
  if (o.output !== undefined) {
    try {
      writeFileSync(path.resolve(cwd, o.output), text);
    } catch (e) {
      process.stderr.write(`cx: cannot write '${o.output}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  } else process.stdout.write(text);
  // Problems of the .cx files: one line each on standard error (sources with errors have no SQL).
  const errors = analysis.model.diagnostics.filter((d) => d.severity === "error");
  for (const d of errors.slice(0, 20)) {
    const file = path.relative(cwd, d.file).split(path.sep).join("/");
    process.stderr.write(safeForTerminal(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} - error ${d.code}: ${d.message}`) + "\n");
  }
  if (errors.length > 20) process.stderr.write(`cx: …and ${errors.length - 20} more errors (cx check shows them all)\n`);
  return errors.length ? 1 : 0;
}
