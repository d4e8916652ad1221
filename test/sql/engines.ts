// The live engines of the SQL tests: DuckDB (always; it is installed with the project) and
// PostgreSQL when a server is reachable at CX_TEST_PG_URL (default postgres://cx@127.0.0.1:55432/cx_test;
// `.ci/postgres.sh` starts one). A missing PostgreSQL is reported once, loudly, and its tests skip.
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { openDuckDb } from "../../server/src/node/engines/duckdb";
import { openPostgres } from "../../server/src/node/engines/postgres";

export const PG_URL = process.env.CX_TEST_PG_URL ?? "postgres://cx@127.0.0.1:55432/cx_test";

let pgWarned = false;

/** A PostgreSQL client, or undefined (with a message) when no server answers. */
export async function tryPostgres(): Promise<SqlClient | undefined> {
  try {
    return await openPostgres({ url: PG_URL });
  } catch (e) {
    if (!pgWarned) {
      pgWarned = true;
      console.warn(`\n*** PostgreSQL tests SKIPPED: no server at ${PG_URL} (${e instanceof Error ? e.message : String(e)}). Run .ci/postgres.sh or set CX_TEST_PG_URL. ***\n`);
    }
    return undefined;
  }
}

export async function liveEngines(): Promise<{ name: "duckdb" | "postgres"; client: SqlClient }[]> {
  const out: { name: "duckdb" | "postgres"; client: SqlClient }[] = [{ name: "duckdb", client: await openDuckDb() }];
  const pg = await tryPostgres();
  if (pg) out.push({ name: "postgres", client: pg });
  return out;
}

/** A seeded random number generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
