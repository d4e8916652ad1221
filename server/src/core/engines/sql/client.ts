// What the SQL executor needs from an engine: a small client interface, implemented on the Node
// side (server/src/node/engines/) by DuckDB and PostgreSQL drivers. The core never imports a driver.
import type { Column } from "../../data/table";
import type { DialectName } from "./dialect";

export interface SqlColumnInfo {
  name: string;
  /** The engine's type name, lower case (e.g. "double", "varchar", "timestamp with time zone"). */
  type: string;
}

export interface SqlRows {
  columns: SqlColumnInfo[];
  /**
   * Rows of JavaScript values: number, bigint, string (also for exact numerics the driver gives as
   * text), boolean or null. The queries convert dates and instants to numbers themselves.
   */
  rows: unknown[][];
}

export interface SqlClient {
  readonly dialect: DialectName;
  /** Runs one statement. Rejects with an Error whose message is the engine's (the caller removes secrets). */
  query(sql: string, signal?: AbortSignal): Promise<SqlRows>;
  /**
   * Creates (or replaces) a temporary table from columns read by the native reader: numbers,
   * booleans (1/0), dates (day numbers) and datetimes (epoch ms) in Float64Arrays with NaN = null,
   * text as dictionary codes. Only engines that evaluate file sources (DuckDB) have it.
   */
  load?(name: string, columns: Column[], rowCount: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * Removes secrets from an engine's message before it becomes a diagnostic: every given secret
 * value (and its URL-encoded form), passwords in URLs (`//user:secret@host`) and `password=…`,
 * `token=…`-style settings.
 */
export function redactSecrets(message: string, secrets: (string | undefined)[] = []): string {
  let out = message;
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("***");
  }
  out = out.replace(/(\/\/[^\s/:@]*:)[^\s@/]*@/g, "$1***@");
  out = out.replace(/\b(password|passwd|pwd|token|secret|private_key|key|credentials)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;&,]+)/gi, "$1$2***");
  return out;
}

/** A JavaScript number from a driver's value (bigint, numeric text, number); null and junk → NaN. */
export function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return v.trim() === "" ? NaN : Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return NaN;
}
