// The report formats of cli.md, by name. Each renders the one JSON report.
import type { Formatter } from "./types";
import { github } from "./github";
import { json } from "./json";
import { junit } from "./junit";
import { markdown } from "./markdown";
import { sarif } from "./sarif";
import { text } from "./text";

export const FORMATS: Record<string, Formatter> = { text, json, junit, sarif, markdown, github };
