// A report format renders the JSON report (and, where useful, source text) to a string.
import type { Report } from "../../core/report";

export interface RenderContext {
  command: "check" | "eval";
  /** Use ANSI colours (a terminal, NO_COLOR unset, not writing to a file). */
  color: boolean;
  /** text: only problems. */
  quiet: boolean;
  /** Reads a line of a file (1-based) for snippets; undefined when unavailable. */
  sourceLine(file: string, line: number): string | undefined;
  /** The current directory (report paths are relative to it). */
  cwd: string;
}

export type Formatter = (report: Report, ctx: RenderContext) => string;
