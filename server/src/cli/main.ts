// The `cx` command line (cli.md): a thin host over the core. Exit statuses: 0 ok, 1 errors or
// failing goals, 2 usage error / no input / internal failure.
import { readFileSync, writeFileSync, openSync, readSync, closeSync, statSync } from "node:fs";
import * as path from "node:path";
import pkg from "../../../package.json";
import { NodeHost } from "../node/host";
import { DataCache } from "../core/data/reader";
import { run, localToday } from "../core/engine";
import { exitStatus, type FailOn } from "../core/report";
import { parseDate } from "../core/data/convert";
import { format as formatCx } from "../core/format/formatter";
import { parse } from "../core/syntax/index";
import { discover } from "../node/discover";
import { FORMATS } from "./formats/index";
import type { RenderContext } from "./formats/types";
import { renderDiagnostic } from "./formats/text";
import { toReportDiagnostic } from "../core/report";
import { applyConfidence, validLevel } from "../core/stats";
import { runDiff, DiffUsageError } from "./diff";
import { DIFF_FORMATS } from "./diff-format";
import { runSqlCommand } from "./sql";

class UsageError extends Error {}

const HELP: Record<string, string> = {
  main: `cx — customer-experience metrics as code (version ${pkg.version})

Usage:
  cx check [PATH…] [options]        parse and validate; check that data files exist and their headers match
  cx eval  [PATH…] [options]        validate, then evaluate every metric, goal and journey against the data
  cx fmt   [PATH…] [--check]        rewrite .cx files in canonical format (--check: only report)
  cx diff  --base REV [PATH…]       compare the working tree with a git revision (definitions and values)
  cx diff  OLD_DIR NEW_DIR          compare two directories
  cx sql   [PATH…] [--dialect D]    print the SQL each source's evaluation runs on an SQL engine
  cx COMMAND --help                 help for one command
  cx --version

PATH is a .cx file or a directory (searched recursively for *.cx). Default: the current directory.

Exit status: 0 ok · 1 error diagnostics or failing goals · 2 usage error, no input or internal failure.
Docs: docs/cli.md`,
  check: `Usage: cx check [PATH…] [options]

Parse and validate .cx files, and check that linked data files exist and their headers match.

Options:
  --format FORMAT    ${Object.keys(FORMATS).join(" | ")} (default: text)
  --output FILE      write the report to FILE instead of standard output
  --quiet            text format: only problems
  --no-color         never use colours (also: NO_COLOR=1)`,
  eval: `Usage: cx eval [PATH…] [options]

Validate, then evaluate every metric, goal and journey against the linked data.

Options:
  --format FORMAT       ${Object.keys(FORMATS).join(" | ")} (default: text)
  --output FILE         write the report to FILE instead of standard output
  --as-of YYYY-MM-DD    evaluation date (default: asOf in cx.yaml, else today)
  --fail-on WHEN        missed | at_risk | never — goal outcomes (of severity error) that make the exit status 1 (default: missed, or failOn in cx.yaml)
  --confidence LEVEL    add confidence intervals (e.g. 0.95) to survey metrics, and mark goals whose interval straddles the target as not conclusive
  --quiet               text format: only problems
  --no-color            never use colours (also: NO_COLOR=1)`,
  fmt: `Usage: cx fmt [PATH…] [--check]

Rewrite .cx files in the canonical format (comments are kept; formatting twice changes nothing).

Options:
  --check    do not write; list files that would change and exit 1 if any would`,
  diff: `Usage: cx diff --base REV [PATH…] [options]
       cx diff OLD_DIR NEW_DIR [options]

Compare two versions of a workspace: a git revision (read with git, no checkout) against the
working tree, or two directories. Reports declarations added, removed and changed (each property
before → after), then every metric's value and goal's status under the old and the new
definitions on the current data, and the values that changed because the data changed.

Options:
  --base REV            the git revision to compare the working tree with (e.g. origin/main)
  --format FORMAT       ${Object.keys(DIFF_FORMATS).join(" | ")} (default: text)
  --output FILE         write the report to FILE instead of standard output
  --as-of YYYY-MM-DD    evaluation date for both versions (default: asOf in cx.yaml, else today)
  --confidence LEVEL    add confidence intervals to survey metrics (e.g. 0.95)
  --no-color            never use colours (also: NO_COLOR=1)`,
};

interface Options {
  command: string;
  paths: string[];
  format: string;
  output?: string;
  asOf?: string;
  failOn?: FailOn;
  base?: string;
  confidence?: number;
  quiet: boolean;
  check: boolean;
  color?: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Options | "version" {
  const opts: Options = { command: "", paths: [], format: "text", quiet: false, check: false, help: false };
  const takeValue = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith("--") && v.length > 2)) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    if (a.startsWith("--") && a.includes("=")) {
      inline = a.slice(a.indexOf("=") + 1);
      a = a.slice(0, a.indexOf("="));
    }
    const value = (name: string) => {
      if (inline !== undefined) return inline;
      const v = takeValue(i, name);
      i++;
      return v;
    };
    switch (a) {
      case "--version":
      case "-v":
        return "version";
      case "--help":
      case "-h":
        opts.help = true;
        break;
      case "--format":
      case "-f":
        opts.format = value(a);
        break;
      case "--output":
      case "-o":
        opts.output = value(a);
        break;
      case "--as-of":
        opts.asOf = value(a);
        break;
      case "--fail-on":
        opts.failOn = value(a) as FailOn;
        break;
      case "--base":
        opts.base = value(a);
        break;
      case "--confidence": {
        const v = value(a);
        opts.confidence = v.trim() === "" ? NaN : Number(v.endsWith("%") ? Number(v.slice(0, -1)) / 100 : v);
        break;
      }
      case "--quiet":
      case "-q":
        opts.quiet = true;
        break;
      case "--check":
        opts.check = true;
        break;
      case "--color":
        opts.color = true;
        break;
      case "--no-color":
        opts.color = false;
        break;
      default:
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option '${a}'`);
        if (!opts.command) opts.command = a;
        else opts.paths.push(a);
    }
  }
  return opts;
}

function validate(opts: Options): void {
  if (!["check", "eval", "fmt", "diff"].includes(opts.command)) {
    throw new UsageError(opts.command ? `unknown command '${opts.command}' (expected check, eval, fmt or diff)` : "missing command");
  }
  if (opts.confidence !== undefined && !validLevel(opts.confidence)) throw new UsageError("--confidence must be a level between 0 and 1, e.g. 0.95");
  if (opts.confidence !== undefined && !["eval", "diff"].includes(opts.command)) throw new UsageError("--confidence only applies to cx eval and cx diff");
  if (opts.base !== undefined && opts.command !== "diff") throw new UsageError("--base only applies to cx diff");
  if (opts.command === "diff") {
    if (!DIFF_FORMATS[opts.format]) throw new UsageError(`unknown format '${opts.format}' for cx diff (expected ${Object.keys(DIFF_FORMATS).join(", ")})`);
    if (opts.base === undefined && opts.paths.length !== 2) throw new UsageError("cx diff needs --base REV, or two directories OLD_DIR NEW_DIR");
  } else if (!FORMATS[opts.format]) throw new UsageError(`unknown format '${opts.format}' (expected ${Object.keys(FORMATS).join(", ")})`);
  if (opts.asOf !== undefined && parseDate(opts.asOf) === null) throw new UsageError(`--as-of must be a date YYYY-MM-DD, not '${opts.asOf}'`);
  if (opts.failOn !== undefined && !["missed", "at_risk", "never"].includes(opts.failOn)) {
    throw new UsageError(`--fail-on must be missed, at_risk or never, not '${opts.failOn}'`);
  }
  if (opts.check && opts.command !== "fmt") throw new UsageError("--check only applies to cx fmt");
}

/** Reads one line of a file for diagnostic snippets (bounded: large data files are read only up to the line). */
function makeLineReader(cwd: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    const abs = path.resolve(cwd, file);
    let lines = cache.get(abs);
    if (lines === undefined) {
      try {
        const size = statSync(abs).size;
        if (size <= 8 * 1024 * 1024) lines = readFileSync(abs, "utf8").replace(/^\uFEFF/, "").split(/\r?\n/);
        else {
          const fd = openSync(abs, "r");
          const buf = Buffer.alloc(1024 * 1024);
          const n = readSync(fd, buf, 0, buf.length, 0);
          closeSync(fd);
          lines = buf.subarray(0, n).toString("utf8").split(/\r?\n/);
        }
      } catch {
        lines = null;
      }
      cache.set(abs, lines);
    }
    return lines?.[line - 1];
  };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "sql") return runSqlCommand(argv.slice(1), process.cwd());
  const parsed = parseArgs(argv);
  if (parsed === "version") {
    process.stdout.write(`cx ${pkg.version}\n`);
    return 0;
  }
  const opts = parsed;
  if (opts.help) {
    process.stdout.write((HELP[opts.command] ?? HELP.main) + "\n");
    return 0;
  }
  if (!opts.command) {
    process.stdout.write(HELP.main + "\n");
    return 2;
  }
  validate(opts);
  const cwd = process.cwd();
  if (opts.command === "diff") return diff(opts, cwd);
  const found = discover(opts.paths, cwd);
  if (found.missing.length) throw new UsageError(`no such file or directory: ${found.missing.join(", ")}`);
  if (found.files.length === 0) throw new UsageError(`no .cx files found in ${opts.paths.length ? opts.paths.join(", ") : "the current directory"}`);

  if (opts.command === "fmt") return fmt(found.files, opts, cwd);

  const host = new NodeHost();
  const cache = new DataCache(host);
  const result = await run({
    mode: opts.command as "check" | "eval",
    root: found.root,
    inputs: found.files,
    configFile: found.configFile,
    host,
    cache,
    asOf: opts.asOf,
    today: localToday(new Date()),
    relativeTo: cwd.split(path.sep).join("/"),
  });
  if (opts.confidence !== undefined) applyConfidence(result.report, opts.confidence);
  const failOn: FailOn = opts.failOn ?? result.analysis.model.workspace.config.failOn ?? "missed";
  const toFile = opts.output !== undefined;
  const color = opts.color ?? (!toFile && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const ctx: RenderContext = { command: opts.command as "check" | "eval", color, quiet: opts.quiet, sourceLine: makeLineReader(cwd), cwd };
  const out = FORMATS[opts.format](result.report, ctx);
  if (toFile) {
    writeFileSync(path.resolve(cwd, opts.output!), out);
    if (opts.format !== "text") {
      const s = result.report.summary;
      process.stderr.write(`cx: wrote ${opts.output} (${s.errors} errors, ${s.warnings} warnings)\n`);
    }
  } else process.stdout.write(out);
  return exitStatus(result.report, failOn);
}

async function diff(opts: Options, cwd: string): Promise<number> {
  let d;
  try {
    ({ diff: d } = await runDiff({ cwd, today: localToday(new Date()), base: opts.base, paths: opts.paths, dirs: opts.base === undefined ? [opts.paths[0], opts.paths[1]] : undefined, asOf: opts.asOf, confidence: opts.confidence }));
  } catch (err) {
    if (err instanceof DiffUsageError) throw new UsageError(err.message);
    throw err;
  }
  const toFile = opts.output !== undefined;
  const color = opts.color ?? (!toFile && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const out = DIFF_FORMATS[opts.format](d, { color });
  if (toFile) writeFileSync(path.resolve(cwd, opts.output!), out);
  else process.stdout.write(out);
  return 0;
}

function fmt(files: string[], opts: Options, cwd: string): number {
  const changed: string[] = [];
  let failed = 0;
  const rel = (p: string) => path.relative(cwd, p).split(path.sep).join("/") || p;
  const color = opts.color ?? (process.stderr.isTTY === true && !process.env.NO_COLOR);
  const ctx: RenderContext = { command: "check", color, quiet: false, sourceLine: makeLineReader(cwd), cwd };
  const c = (_s: string, t: string) => t;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const result = formatCx(text);
    if (!result.ok) {
      failed++;
      const errors = parse(text, file).diagnostics.filter((d) => d.severity === "error");
      process.stderr.write(`${rel(file)}: not formatted: ${result.reason}\n`);
      for (const d of errors.slice(0, 5)) process.stderr.write(renderDiagnostic(toReportDiagnostic(d, rel), ctx, c).join("\n") + "\n");
      continue;
    }
    if (result.text !== text) {
      changed.push(file);
      if (!opts.check) writeFileSync(file, result.text);
    }
  }
  if (opts.check) {
    for (const f of changed) process.stdout.write(`${rel(f)}\n`);
    process.stderr.write(changed.length ? `cx fmt: ${changed.length} of ${files.length} file${files.length === 1 ? "" : "s"} would be reformatted\n` : `cx fmt: ${files.length} file${files.length === 1 ? "" : "s"} already formatted\n`);
    return changed.length || failed ? 1 : 0;
  }
  process.stderr.write(`cx fmt: formatted ${changed.length} of ${files.length} file${files.length === 1 ? "" : "s"}\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`cx: ${err.message}\nRun 'cx --help' for usage.\n`);
    } else {
      process.stderr.write(`cx: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    }
    process.exitCode = 2;
  },
);
