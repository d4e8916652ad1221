// The report formats of cli.md, by name. Each renders the one JSON report.
import type { Formatter } from "./types";
import { json } from "./json";
import { text } from "./text";

export const FORMATS: Record<string, Formatter> = { text, json };
