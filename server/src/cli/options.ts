// The command line's options, in one table: parsing, the commands each option applies to, and
// every command's --help are generated from it, so help lists exactly the options that work.
import pkg from "../../../package.json";
import { FORMATS } from "./formats/index";
import { DIFF_FORMATS } from "./diff-format";
import { FMT_FORMATS } from "./fmt";
import type { FailOn } from "../core/report";
import { escapeControls } from "../core/escape";

export type Command = "check" | "eval" | "fmt" | "diff";
export const COMMANDS: Command[] = ["check", "eval", "fmt", "diff"];

/** A usage error: exit status 2, the message and a pointer to --help on standard error. */
export class UsageError extends Error {}

export interface Options {
  command: Command | "";
  paths: string[];
  /** The option names given (as spelled in the table), for "does not apply" errors. */
  given: Set<string>;
  format: string;
  output?: string;
  asOf?: string;
  failOn?: FailOn;
  base?: string;
  head?: string;
  confidence?: number;
  /** Engine for file sources (`--engine`). */
  engine?: string;
  quiet: boolean;
  check: boolean;
  /** `check --data`: read every record of every source, not only the headers. */
  data: boolean;
  color?: boolean;
  help: boolean;
  version: boolean;
}

interface OptionSpec {
  name: string;
  alias?: string;
  /** The value's placeholder; options without one are flags. */
  value?: string;
  commands: Command[];
  /** One line of help per command (a function when it depends on the command). */
  help: string | ((command: Command) => string);
  set(opts: Options, value: string): void;
}

const formatNames = (command: Command) => Object.keys(command === "diff" ? DIFF_FORMATS : command === "fmt" ? FMT_FORMATS : FORMATS);

export const OPTIONS: OptionSpec[] = [
  {
    name: "--format",
    alias: "-f",
    value: "FORMAT",
    commands: ["check", "eval", "fmt", "diff"],
    help: (c) => `${formatNames(c).join(" | ")} (default: text)`,
    set: (o, v) => (o.format = v),
  },
  {
    name: "--output",
    alias: "-o",
    value: "FILE",
    commands: ["check", "eval", "fmt", "diff"],
    help: (c) => (c === "fmt" ? "write the formatted text of the one input file to FILE (the input is left as it is)" : "write the report to FILE instead of standard output"),
    set: (o, v) => (o.output = v),
  },
  {
    name: "--as-of",
    value: "YYYY-MM-DD",
    commands: ["check", "eval", "diff"],
    help: (c) => (c === "diff" ? "evaluation date for both versions (default: asOf in cx.yaml, else today)" : "evaluation date (default: asOf in cx.yaml, else today)"),
    set: (o, v) => (o.asOf = v),
  },
  {
    name: "--fail-on",
    value: "WHEN",
    commands: ["check", "eval"],
    help: "missed | at_risk | never — goal outcomes (of severity error) that make the exit status 1 (default: missed, or failOn in cx.yaml)",
    set: (o, v) => (o.failOn = v as FailOn),
  },
  {
    name: "--confidence",
    value: "LEVEL",
    commands: ["eval", "diff"],
    help: "add confidence intervals (e.g. 0.95 or 95%) to survey metrics; goals whose interval straddles the target are not conclusive",
    set: (o, v) => (o.confidence = v.trim() === "" ? NaN : Number(v.endsWith("%") ? Number(v.slice(0, -1)) / 100 : v)),
  },
  {
    name: "--engine",
    value: "ENGINE",
    commands: ["eval"],
    help: "native | duckdb — the engine that evaluates file sources (default: engine in cx.yaml, else native)",
    set: (o, v) => (o.engine = v),
  },
  {
    name: "--base",
    value: "REV",
    commands: ["diff"],
    help: "the git revision to compare (e.g. origin/main)",
    set: (o, v) => (o.base = v),
  },
  {
    name: "--head",
    value: "REV",
    commands: ["diff"],
    help: "the git revision to compare it with (default: the working tree)",
    set: (o, v) => (o.head = v),
  },
  {
    name: "--check",
    commands: ["fmt"],
    help: "do not write; list the files that would change and exit 1 if any would",
    set: (o) => (o.check = true),
  },
  {
    name: "--data",
    commands: ["check"],
    help: "read every record of every source too (values that do not fit their column type, malformed records, invalid UTF-8), not only the headers",
    set: (o) => (o.data = true),
  },
  {
    name: "--quiet",
    alias: "-q",
    commands: ["check", "eval"],
    help: "text format: only problems",
    set: (o) => (o.quiet = true),
  },
  {
    name: "--no-color",
    commands: ["check", "eval", "fmt", "diff"],
    help: "never use colours (also: NO_COLOR=1)",
    set: (o) => (o.color = false),
  },
  {
    name: "--color",
    commands: ["check", "eval", "fmt", "diff"],
    help: "use colours even when not writing to a terminal",
    set: (o) => (o.color = true),
  },
];

const BY_NAME = new Map<string, OptionSpec>();
for (const o of OPTIONS) {
  BY_NAME.set(o.name, o);
  if (o.alias) BY_NAME.set(o.alias, o);
}

/** Parses the arguments. Options are `--name value`, `--name=value` or the short alias. */
export function parseArgs(argv: string[]): Options {
  const opts: Options = { command: "", paths: [], given: new Set(), format: "text", quiet: false, check: false, data: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    if (a.startsWith("--") && a.includes("=")) {
      inline = a.slice(a.indexOf("=") + 1);
      a = a.slice(0, a.indexOf("="));
    }
    if (a === "--help" || a === "-h") {
      opts.help = true;
      continue;
    }
    if (a === "--version" || a === "-v") {
      opts.version = true;
      continue;
    }
    if (a === "--") {
      for (const rest of argv.slice(i + 1)) {
        if (!opts.command) opts.command = rest as Command;
        else opts.paths.push(rest);
      }
      break;
    }
    const spec = BY_NAME.get(a);
    if (!spec) {
      if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option '${a}'`);
      if (!opts.command) opts.command = a as Command;
      else opts.paths.push(a);
      continue;
    }
    let value = "";
    if (spec.value) {
      if (inline !== undefined) value = inline;
      else {
        const v = argv[i + 1];
        if (v === undefined || (v.startsWith("--") && v.length > 2)) throw new UsageError(`${spec.name} needs a value (${spec.value})`);
        value = v;
        i++;
      }
    } else if (inline !== undefined) throw new UsageError(`${spec.name} takes no value`);
    spec.set(opts, value);
    opts.given.add(spec.name);
  }
  return opts;
}

/** Rejects an option that does not apply to the command. */
export function checkApplicable(opts: Options): void {
  if (!opts.command) return;
  for (const name of opts.given) {
    const spec = BY_NAME.get(name)!;
    if (!spec.commands.includes(opts.command as Command)) {
      const where = spec.commands.map((c) => `cx ${c}`);
      throw new UsageError(`${name} does not apply to cx ${opts.command} (only to ${where.length > 1 ? `${where.slice(0, -1).join(", ")} and ${where[where.length - 1]}` : where[0]})`);
    }
  }
}

/** The option lines of a command's help, from the table. */
function optionHelp(command: Command): string {
  const rows = OPTIONS.filter((o) => o.commands.includes(command)).map((o) => {
    const left = `${o.alias ? `${o.alias}, ` : ""}${o.name}${o.value ? ` ${o.value}` : ""}`;
    return [left, typeof o.help === "function" ? o.help(command) : o.help];
  });
  rows.push(["-h, --help", "show this help"]);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([l, r]) => `  ${l.padEnd(w)}  ${r}`).join("\n");
}

const USAGE: Record<Command, { usage: string; about: string }> = {
  check: {
    usage: "cx check [PATH…] [options]",
    about: "Parse and validate .cx files, and check that linked data files exist and their headers match.",
  },
  eval: {
    usage: "cx eval [PATH…] [options]",
    about: "Validate, then evaluate every metric, goal, journey, funnel, cohort and drivers analysis against the linked data.",
  },
  fmt: {
    usage: "cx fmt [PATH…] [options]",
    about:
      "Rewrite .cx files in the canonical format (comments are kept; formatting twice changes nothing).\n" +
      "A file with syntax errors or invalid UTF-8 is left byte for byte as it is and reported (exit status 1).",
  },
  diff: {
    usage: "cx diff --base REV [--head REV] [PATH…] [options]\n       cx diff OLD_DIR NEW_DIR [options]",
    about:
      "Compare two versions of a workspace: two git revisions (read with git, no checkout; the head\n" +
      "defaults to the working tree), or two directories. Reports declarations added, removed and\n" +
      "changed (each property before → after), then every metric's value and goal's status under the\n" +
      "old and the new definitions on the current data, and the values that changed because the data changed.",
  },
};

export function help(command: string): string {
  if (command in USAGE) {
    const c = command as Command;
    return `Usage: ${USAGE[c].usage}\n\n${USAGE[c].about}\n\nOptions:\n${optionHelp(c)}\n\nExit status: ${EXIT[c]}\nDocs: docs/cli.md`;
  }
  return `cx — customer-experience metrics as code (version ${pkg.version})

Usage:
  cx check [PATH…] [options]        parse and validate; check that data files exist and their headers match
  cx eval  [PATH…] [options]        validate, then evaluate every metric, goal and journey against the data
  cx fmt   [PATH…] [--check]        rewrite .cx files in canonical format (--check: only report)
  cx diff  --base REV [--head REV] [PATH…]
                                    compare two git revisions (head: the working tree by default)
  cx diff  OLD_DIR NEW_DIR          compare two directories
  cx sql   [PATH…] [--dialect D]    print the SQL each source's evaluation runs on an SQL engine
  cx COMMAND --help                 help for one command, with all its options
  cx --version

PATH is a .cx file or a directory (searched recursively for *.cx). Default: the current directory.

Exit status: 0 ok · 1 error diagnostics or failing goals · 2 usage error, no input, a file that
cannot be read or written, or an internal failure.
Docs: docs/cli.md`;
}

const EXIT: Record<Command, string> = {
  check: "0 no errors · 1 error diagnostics · 2 usage error, no input, unreadable input or unwritable output",
  eval: "0 no errors and no failing goal · 1 error diagnostics or a goal outcome selected by --fail-on · 2 usage error, no input, unreadable input or unwritable output",
  fmt: "0 done (--check: nothing would change) · 1 a file has syntax errors or invalid UTF-8, or (--check) would change · 2 usage error, no input, unreadable input or unwritable output",
  diff: "0 compared (whatever changed) · 2 usage error (unknown revision, not a git repository, not a directory), unreadable input or unwritable output",
};

/** Text for a message about user input: control characters escaped. */
export function shown(s: string): string {
  return escapeControls(s);
}
