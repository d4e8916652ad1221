// cx.yaml (language reference §2; language-v2 §9.5, §11.2; engines.md §2), parsed with a real
// YAML parser. Unknown keys are warnings (CX2005); wrong values are CX3001 on the value. A secret
// written literally in a connection is CX3001, and its text never appears in any message.
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from "yaml";
import { diag, type Diagnostic } from "../diagnostics";
import type { Host } from "../host";
import { didYouMean } from "../suggest";
import { parseDate } from "../data/convert";
import { zoneFor } from "../time/zone";
import type { Range } from "../text";

export type FailOn = "missed" | "at_risk" | "never";

export const SQL_ENGINES = ["postgres", "duckdb", "bigquery", "snowflake", "databricks", "trino"] as const;
export type SqlEngine = (typeof SQL_ENGINES)[number];

/** Settings named like these are secrets: they must be `env:NAME` (engines.md §2). */
export const SECRET_SETTINGS = ["url", "password", "token", "key", "private_key", "credentials"] as const;

export interface ConnectionSetting {
  /** The literal value (never set for secrets). */
  value?: string;
  /** `env:NAME`: the environment variable that holds the value. */
  env?: string;
  range: Range;
}

export interface ConnectionConfig {
  name: string;
  engine: SqlEngine;
  settings: Map<string, ConnectionSetting>;
  /** Where the connection is declared (its key in cx.yaml). */
  range: Range;
  /** False when a setting is wrong (a literal secret, an unknown engine): the connection is not used. */
  ok: boolean;
}

export interface CxConfig {
  /** Absolute path of cx.yaml, when there is one. */
  file?: string;
  include?: string[];
  asOf?: string;
  failOn?: FailOn;
  /** IANA zone of the workspace (§9.5); default UTC. */
  timezone?: string;
  /** Confidence level for `significant` (§11.2) and intervals; default 0.95. */
  confidence?: number;
  /** Engine for file sources (engines.md §2); default native. */
  engine?: "native" | "duckdb";
  connections?: Map<string, ConnectionConfig>;
  /** Where each key's value is (for diagnostics on cx.yaml). */
  ranges?: Map<string, Range>;
}

const CONFIG_KEYS = ["include", "asOf", "failOn", "timezone", "confidence", "engine", "connections"];

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function readConfig(file: string, host: Host, diagnostics: Diagnostic[]): CxConfig {
  const config: CxConfig = { file, ranges: new Map() };
  const text = host.readText(file);
  if (text === undefined) return config;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const rangeAt = (offsets: readonly number[] | undefined | null): Range => {
    if (!offsets) return ZERO;
    const s = lineCounter.linePos(offsets[0]);
    const e = lineCounter.linePos(offsets[1] ?? offsets[0]);
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  const rangeOf = (n: unknown): Range => rangeAt((n as { range?: number[] } | null)?.range);
  for (const err of doc.errors) {
    diagnostics.push(diag("CX1001", file, rangeAt(err.pos), { detail: `cx.yaml: ${err.message.split("\n")[0]}` }));
  }
  if (doc.errors.length || doc.contents == null) return config;
  if (!isMap(doc.contents)) {
    diagnostics.push(diag("CX1001", file, ZERO, { detail: `cx.yaml must be a mapping with keys such as ${CONFIG_KEYS.join(", ")}.` }));
    return config;
  }
  const bad = (at: unknown, detail: string) => diagnostics.push(diag("CX3001", file, rangeOf(at), { detail }));
  const scalarText = (v: unknown): string | undefined => (isScalar(v) && v.value !== null && typeof v.value !== "object" ? String(v.value) : undefined);
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const keyRange = rangeOf(keyNode);
    const value = pair.value;
    if (!CONFIG_KEYS.includes(key)) {
      const { hint } = didYouMean(key, CONFIG_KEYS);
      diagnostics.push(diag("CX2005", file, keyRange, { name: key, what: "cx.yaml", hint: hint || ` Valid keys: ${CONFIG_KEYS.join(", ")}.` }, { severity: "warning" }));
      continue;
    }
    config.ranges!.set(key, rangeOf(value ?? keyNode));
    switch (key) {
      case "include":
        if (isSeq(value) && value.items.every((i) => isScalar(i) && typeof i.value === "string")) {
          config.include = value.items.map((i) => String((i as { value: unknown }).value));
        } else if (isScalar(value) && typeof value.value === "string") {
          config.include = [value.value];
        } else bad(value, "'include' must be a list of glob patterns, e.g. [\"**/*.cx\"].");
        break;
      case "asOf": {
        const v = scalarText(value) ?? "";
        if (parseDate(v) === null) bad(value, `'asOf' must be a date YYYY-MM-DD, not '${v}'.`);
        else config.asOf = v;
        break;
      }
      case "failOn": {
        const v = scalarText(value) ?? "";
        if (v === "missed" || v === "at_risk" || v === "never") config.failOn = v;
        else bad(value, `'failOn' must be missed, at_risk or never, not '${v}'.`);
        break;
      }
      case "timezone": {
        const v = scalarText(value) ?? "";
        const zone = zoneFor(v);
        if (!zone) bad(value, `Unknown time zone '${v}'. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`);
        else config.timezone = zone.name;
        break;
      }
      case "confidence": {
        const v = isScalar(value) && typeof value.value === "number" ? value.value : NaN;
        if (!(v > 0 && v < 1)) bad(value, "'confidence' must be a level between 0 and 1, e.g. 0.95 or 0.9.");
        else config.confidence = v;
        break;
      }
      case "engine": {
        const v = scalarText(value) ?? "";
        if (v === "native" || v === "duckdb") config.engine = v;
        else bad(value, `'engine' (for file sources) must be native or duckdb, not '${v}'. SQL engines such as postgres are declared under 'connections'.`);
        break;
      }
      case "connections":
        config.connections = readConnections(value, file, rangeOf, diagnostics);
        break;
    }
  }
  return config;
}

function readConnections(value: unknown, file: string, rangeOf: (n: unknown) => Range, diagnostics: Diagnostic[]): Map<string, ConnectionConfig> {
  const out = new Map<string, ConnectionConfig>();
  const bad = (at: unknown, detail: string) => diagnostics.push(diag("CX3001", file, rangeOf(at), { detail }));
  if (!isMap(value)) {
    bad(value, "'connections' maps names to settings, e.g.\n  warehouse:\n    engine: postgres\n    url: env:CX_WAREHOUSE_URL");
    return out;
  }
  for (const pair of value.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      bad(pair.key, "A connection name is an identifier (letters, digits and _), as sources refer to it with 'connection: NAME'.");
      continue;
    }
    const conn: ConnectionConfig = { name, engine: "postgres", settings: new Map(), range: rangeOf(pair.key), ok: true };
    out.set(name, conn);
    const body = pair.value as YamlNode | null;
    if (!isMap(body)) {
      bad(body ?? pair.key, `Connection '${name}' needs settings: engine and, per engine, url or host, database, … (see docs/engines.md).`);
      conn.ok = false;
      continue;
    }
    let engineSeen = false;
    for (const sp of body.items) {
      const key = isScalar(sp.key) ? String(sp.key.value) : "";
      const v = sp.value;
      const text = isScalar(v) && v.value !== null && typeof v.value !== "object" ? String(v.value) : undefined;
      if (key === "engine") {
        engineSeen = true;
        if (text && (SQL_ENGINES as readonly string[]).includes(text)) conn.engine = text as SqlEngine;
        else {
          bad(v ?? sp.key, `Unknown engine '${text ?? ""}' for connection '${name}'. Use one of: ${SQL_ENGINES.join(", ")}.`);
          conn.ok = false;
        }
        continue;
      }
      if (text === undefined) {
        bad(v ?? sp.key, `Setting '${key}' of connection '${name}' must be a single value.`);
        conn.ok = false;
        continue;
      }
      const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(text.trim());
      if ((SECRET_SETTINGS as readonly string[]).includes(key.toLowerCase()) && !env) {
        // Never echo the value: it is a secret written where anyone can read it.
        bad(v, `'${key}' of connection '${name}' is a secret and must come from the environment: write '${key}: env:VARIABLE_NAME' and set that variable (in CI, from a secret). The value written here is ignored; remove it from cx.yaml and rotate it if it was committed.`);
        conn.ok = false;
        continue;
      }
      conn.settings.set(key, env ? { env: env[1], range: rangeOf(v) } : { value: text, range: rangeOf(v) });
    }
    if (!engineSeen) {
      diagnostics.push(diag("CX2006", file, conn.range, { what: "Connection", name, property: "engine" }));
      conn.ok = false;
    }
  }
  return out;
}
