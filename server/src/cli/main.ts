// The `cx` command line (cli.md): a thin host over the core. Exit statuses: 0 ok, 1 errors or
// failing goals, 2 usage error / no input / a file that cannot be read or written / internal
// failure. Nothing reaches the user as a stack trace (unless CX_DEBUG=1), and every message that
// quotes user input or file contents has its control characters escaped.
import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from "node:fs";
import * as path from "node:path";
import pkg from "../../../package.json";
import { NodeHost } from "../node/host";
import { DataCache } from "../core/data/reader";
import { run, localToday } from "../core/engine";
import type { Encoding } from "../core/plan/plan";
import { exitStatus, type FailOn } from "../core/report";
import { parseDate } from "../core/data/convert";
import { discover } from "../node/discover";
import { escapeControls } from "../core/escape";
import { FORMATS } from "./formats/index";
import type { RenderContext } from "./formats/types";
import { applyConfidence, validLevel } from "../core/stats";
import type { SqlRunner } from "../core/eval/evaluate";
import { optimizeOnLargeReads } from "./tiering";
import type { SchemaProbe } from "../core/analyze";
import { FileError, assertReadable, checkOutputPath, displayPath, writeOutput } from "./io";
import { COMMANDS, UsageError, checkApplicable, help, parseArgs, shown, type Command, type Options } from "./options";

const ISSUES = "https://github.com/cx-metrics/cx-metrics/issues";

// Each command loads only its own code: diff, fmt, sql and the SQL engines are imported when used
// (esbuild keeps their modules uninitialized until then), so `check` and `eval` start faster.

async function validate(opts: Options): Promise<void> {
  if (!COMMANDS.includes(opts.command as Command)) {
    throw new UsageError(`unknown command '${shown(opts.command)}' (expected check, eval, fmt or diff)`);
  }
  checkApplicable(opts);
  if (opts.confidence !== undefined && !validLevel(opts.confidence)) throw new UsageError("--confidence must be a level between 0 and 1, e.g. 0.95");
  if (opts.engine !== undefined && opts.engine !== "native" && opts.engine !== "duckdb") throw new UsageError(`--engine must be native or duckdb, not '${shown(opts.engine)}' (SQL engines such as postgres are connections in cx.yaml)`);
  if (opts.command === "diff") {
    const { DIFF_FORMATS } = await import("./diff-format");
    if (!DIFF_FORMATS[opts.format]) throw new UsageError(`unknown format '${shown(opts.format)}' for cx diff (expected ${Object.keys(DIFF_FORMATS).join(", ")})`);
    if (opts.head !== undefined && opts.base === undefined) throw new UsageError("--head needs --base REV");
    if (opts.base === undefined && opts.paths.length !== 2) throw new UsageError("cx diff needs --base REV, or two directories OLD_DIR NEW_DIR");
  } else if (opts.command !== "fmt" && !FORMATS[opts.format]) {
    throw new UsageError(`unknown format '${shown(opts.format)}' (expected ${Object.keys(FORMATS).join(", ")})`);
  }
  if (opts.asOf !== undefined && parseDate(opts.asOf) === null) throw new UsageError(`--as-of must be a date YYYY-MM-DD, not '${shown(opts.asOf)}'`);
  if (opts.failOn !== undefined && !["missed", "at_risk", "never"].includes(opts.failOn)) {
    throw new UsageError(`--fail-on must be missed, at_risk or never, not '${shown(opts.failOn)}'`);
  }
}

/** Reads one line of a file for diagnostic snippets (bounded: large data files are read only up to the line). */
/**
 * Lines of the files diagnostics point at, for the excerpts under them: a data file is decoded in
 * its source's `encoding` (a byte-order mark wins), everything else as UTF-8.
 */
function makeLineReader(cwd: string, encodings: Map<string, Encoding> = new Map()): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    const abs = path.resolve(cwd, file);
    let lines = cache.get(abs);
    if (lines === undefined) {
      try {
        const size = statSync(abs).size;
        let buf: Buffer;
        if (size <= 8 * 1024 * 1024) buf = readFileSync(abs);
        else {
          const fd = openSync(abs, "r");
          buf = Buffer.alloc(1024 * 1024);
          buf = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
          closeSync(fd);
        }
        lines = decodeLines(buf, encodings.get(abs.split(path.sep).join("/")));
      } catch {
        lines = null;
      }
      cache.set(abs, lines);
    }
    return lines?.[line - 1];
  };
}

function decodeLines(buf: Buffer, encoding: Encoding | undefined): string[] {
  let text: string;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString("utf8");
  else if (buf[0] === 0xff && buf[1] === 0xfe) text = new TextDecoder("utf-16le").decode(buf.subarray(2));
  else if (buf[0] === 0xfe && buf[1] === 0xff) text = new TextDecoder("utf-16be").decode(buf.subarray(2));
  else if (encoding === "utf-16") text = new TextDecoder("utf-16le").decode(buf);
  else if (encoding === "latin1") text = buf.toString("latin1");
  else if (encoding === "windows-1252") text = new TextDecoder("windows-1252").decode(buf);
  else text = buf.toString("utf8");
  return text.split(/\r?\n/);
}

/** The encoding of every data file of the workspace's file sources (for excerpts). */
function dataEncodings(sources: Iterable<{ files: string[]; encoding: Encoding }>): Map<string, Encoding> {
  const out = new Map<string, Encoding>();
  for (const s of sources) for (const f of s.files) out.set(f, s.encoding);
  return out;
}

/** The .cx files of the PATHs (usage error when a PATH does not exist or none is found), each checked readable. */
function inputs(opts: Options, cwd: string) {
  const missing = opts.paths.filter((p) => !existsSync(path.resolve(cwd, p)));
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.map(shown).join(", ")}`);
  const found = discover(opts.paths, cwd);
  if (found.files.length === 0) throw new UsageError(`no .cx files found in ${opts.paths.length ? opts.paths.map(shown).join(", ") : "the current directory"}`);
  for (const f of found.files) assertReadable(f, displayPath(cwd, f));
  return found;
}

function useColor(opts: Options, stream: NodeJS.WriteStream, toFile: boolean): boolean {
  return opts.color ?? (!toFile && stream.isTTY === true && !process.env.NO_COLOR);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "sql") return (await import("./sql")).runSqlCommand(argv.slice(1), process.cwd());
  const opts = parseArgs(argv);
  if (opts.version) {
    process.stdout.write(`cx ${pkg.version}\n`);
    return 0;
  }
  if (opts.help) {
    process.stdout.write(help(opts.command) + "\n");
    return 0;
  }
  if (!opts.command) {
    process.stderr.write(help("") + "\n");
    return 2;
  }
  await validate(opts);
  const cwd = process.cwd();
  if (opts.output !== undefined) checkOutputPath(opts.output, cwd);
  if (opts.command === "diff") return diff(opts, cwd);
  const found = inputs(opts, cwd);

  if (opts.command === "fmt") {
    const { fmtUsage, runFmt } = await import("./fmt");
    const usage = fmtUsage({ ...opts, files: found.files });
    if (usage) throw new UsageError(usage);
    return runFmt({
      files: found.files,
      cwd,
      check: opts.check,
      format: opts.format as "text" | "json",
      output: opts.output,
      color: useColor(opts, process.stderr, false),
      sourceLine: makeLineReader(cwd),
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
    });
  }

  // (`cx check` reads only the data's shape unless --data: then no helper thread for column memory.)
  const host = new NodeHost({ observer: optimizeOnLargeReads(), memory: opts.command === "check" && !opts.data ? false : undefined });
  const cache = new DataCache(host);
  // SQL engines (engines.md): DuckDB for file sources, connections of cx.yaml; opened on first use.
  const engines = lazySqlRunner(found.configFile, host);
  const result = await run({
    mode: opts.command as "check" | "eval",
    checkData: opts.data ? "all" : "headers",
    root: found.root,
    inputs: found.files,
    configFile: found.configFile,
    host,
    cache,
    asOf: opts.asOf,
    today: localToday(new Date()),
    relativeTo: cwd.split(path.sep).join("/"),
    engine: opts.engine as "native" | "duckdb" | undefined,
    sql: engines.sql,
    describe: engines.describe,
  }).finally(() => engines.close());
  if (opts.confidence !== undefined) applyConfidence(result.report, opts.confidence);
  const failOn: FailOn = opts.failOn ?? result.analysis.model.workspace.config.failOn ?? "missed";
  const toFile = opts.output !== undefined;
  const ctx: RenderContext = {
    command: opts.command as "check" | "eval",
    color: useColor(opts, process.stdout, toFile),
    quiet: opts.quiet,
    sourceLine: makeLineReader(cwd, dataEncodings(result.analysis.model.sources.values())),
    cwd,
  };
  const out = FORMATS[opts.format](result.report, ctx);
  if (toFile) {
    writeOutput(opts.output!, cwd, out);
    if (opts.format !== "text") {
      const s = result.report.summary;
      process.stderr.write(`cx: wrote ${shown(opts.output!)} (${s.errors} errors, ${s.warnings} warnings)\n`);
    }
  } else process.stdout.write(out);
  return exitStatus(result.report, failOn);
}

/** The SQL engines (engines.md), loaded and set up on first use: most runs have no SQL source. */
function lazySqlRunner(configFile: string | undefined, host: NodeHost): { sql: SqlRunner; describe: SchemaProbe; close(): Promise<void> } {
  type Engines = ReturnType<typeof import("../node/engines").hostSqlRunner>;
  let engines: Promise<Engines> | undefined;
  const get = () => (engines ??= import("../node/engines").then((m) => m.hostSqlRunner({ configFile, host })));
  return {
    sql: async (plan, target, signal) => (await get()).sql(plan, target, signal),
    describe: async (access, zone, signal) => (await get()).describe(access, zone, signal),
    close: async () => {
      if (engines) await (await engines).close();
    },
  };
}

async function diff(opts: Options, cwd: string): Promise<number> {
  const { runDiff, DiffUsageError } = await import("./diff");
  const { DIFF_FORMATS } = await import("./diff-format");
  let d;
  try {
    ({ diff: d } = await runDiff({
      cwd,
      today: localToday(new Date()),
      base: opts.base,
      head: opts.head,
      paths: opts.paths,
      dirs: opts.base === undefined ? [opts.paths[0], opts.paths[1]] : undefined,
      asOf: opts.asOf,
      confidence: opts.confidence,
    }));
  } catch (err) {
    if (err instanceof DiffUsageError) throw new UsageError(err.message);
    throw err;
  }
  const toFile = opts.output !== undefined;
  const out = DIFF_FORMATS[opts.format](d, { color: useColor(opts, process.stdout, toFile) });
  if (toFile) writeOutput(opts.output!, cwd, out);
  else process.stdout.write(out);
  return 0;
}

// Standard output closed early (`cx eval | head`): stop quietly with the status so far.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`cx: cannot write to standard output: ${escapeControls(err.message.split("\n")[0])}\n`);
  process.exit(2);
});

/** Prints a failure: one line for usage and file errors, one line plus "please report" for anything else. */
function fail(err: unknown): void {
  if (err instanceof UsageError) {
    process.stderr.write(`cx: ${escapeControls(err.message)}\nRun 'cx --help' for usage.\n`);
  } else if (err instanceof FileError) {
    process.stderr.write(`cx: ${escapeControls(err.message)}\n`);
  } else if (process.env.CX_DEBUG === "1") {
    process.stderr.write(`cx: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  } else {
    const message = escapeControls((err instanceof Error ? err.message : String(err)).split("\n")[0]);
    process.stderr.write(`cx: internal error: ${message} — please report this at ${ISSUES} (CX_DEBUG=1 shows the details)\n`);
  }
}

// Errors outside the main promise (a stream's error event, a stray rejection) end the same way.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (err: unknown) => {
    fail(err);
    process.exit(2);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    fail(err);
    process.exitCode = 2;
  },
);
