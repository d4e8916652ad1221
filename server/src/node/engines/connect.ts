// Opening the engines a workspace uses: connections of cx.yaml (engines.md §2) and the embedded
// DuckDB for file sources. Secrets come only from the environment (`env:NAME`); every message that
// leaves here has them removed.
import type { ConnectionConfig } from "../../core/semantics/config";
import { redactSecrets, type SqlClient } from "../../core/engines/sql/client";
import { openDuckDb } from "./duckdb";
import { openPostgres, type PgSettings } from "./postgres";

export type Opened = { ok: true; client: SqlClient; secrets: string[] } | { ok: false; message: string };

/** Setting values of a connection with `env:NAME` resolved; the values of secret settings are listed to be redacted. */
export function resolveSettings(conn: ConnectionConfig, env: NodeJS.ProcessEnv = process.env): { values: Map<string, string>; secrets: string[] } | { error: string } {
  const values = new Map<string, string>();
  const secrets: string[] = [];
  for (const [key, s] of conn.settings) {
    if (s.env !== undefined) {
      const v = env[s.env];
      if (v === undefined || v === "") return { error: `Connection '${conn.name}': the environment variable ${s.env} (for '${key}') is not set. Set it before running cx (in CI, from a secret variable).` };
      values.set(key, v);
      secrets.push(v);
      // The password inside a URL is a secret on its own, also when it appears decoded.
      const m = /^[a-z][a-z0-9+.-]*:\/\/[^/:@]*:([^@/]*)@/i.exec(v);
      if (m) {
        secrets.push(m[1]);
        try {
          secrets.push(decodeURIComponent(m[1]));
        } catch {
          // not URL-encoded
        }
      }
    } else if (s.value !== undefined) values.set(key, s.value);
  }
  return { values, secrets };
}

function pgSettings(v: Map<string, string>): PgSettings {
  const num = (k: string) => (v.has(k) ? Number(v.get(k)) : undefined);
  return {
    url: v.get("url"),
    host: v.get("host"),
    port: num("port"),
    database: v.get("database"),
    user: v.get("user"),
    password: v.get("password"),
    sslmode: v.get("sslmode"),
    statementTimeout: num("statement_timeout"),
  };
}

/** Opens the engine of a cx.yaml connection. Never throws: failures are messages without secrets. */
export async function openConnection(conn: ConnectionConfig, env: NodeJS.ProcessEnv = process.env): Promise<Opened> {
  if (!conn.ok) return { ok: false, message: `Connection '${conn.name}' has errors in cx.yaml; fix them to use it.` };
  const resolved = resolveSettings(conn, env);
  if ("error" in resolved) return { ok: false, message: resolved.error };
  const { values, secrets } = resolved;
  try {
    switch (conn.engine) {
      case "postgres":
        return { ok: true, client: await openPostgres(pgSettings(values)), secrets };
      case "duckdb":
        return { ok: true, client: await openDuckDb(values.get("path") ?? values.get("database") ?? ":memory:"), secrets };
      default:
        return {
          ok: false,
          message: `Connection '${conn.name}': the ${conn.engine} engine is not evaluated by cx yet; 'cx sql --dialect ${conn.engine}' shows the SQL it would run.`,
        };
    }
  } catch (e) {
    return { ok: false, message: `Connection '${conn.name}' failed: ${redactSecrets(e instanceof Error ? e.message : String(e), secrets)}` };
  }
}

/** Opens the embedded DuckDB for file sources (`engine: duckdb`). */
export async function openFileEngine(): Promise<Opened> {
  try {
    return { ok: true, client: await openDuckDb(), secrets: [] };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
