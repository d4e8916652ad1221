// Golden SQL: what `cx sql --dialect D` prints for every workspace the engines are tested on, for
// the dialects that are not run live here (BigQuery, Snowflake, Databricks, Trino) and for
// PostgreSQL (file sources shown as tables named after the source). Regenerate on purpose:
//   CX_UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts
// Every statement is also parsed by node-sql-parser with the matching dialect (Databricks: its
// Hive grammar). The parser does not know some valid constructs; before parsing, the test rewrites
// each of them into a simpler one of the same shape (listed in UNSUPPORTED below), so everything
// else in the statement is still checked.
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "node-sql-parser";
import { planWorkspace } from "../../server/src/core/plan/planner";
import { dialectFor } from "../../server/src/core/engines/sql/dialects";
import type { DialectName } from "../../server/src/core/engines/sql/dialect";
import { formatSource, renderSource } from "../../server/src/core/engines/sql/render";
import { analyzeWorkspace, project, workspaces } from "./workspaces";

const DIALECTS: DialectName[] = ["bigquery", "snowflake", "databricks", "trino", "postgres"];
const PARSER_DB: Partial<Record<DialectName, string>> = { bigquery: "BigQuery", snowflake: "Snowflake", trino: "Trino", databricks: "Hive", postgres: "PostgresQL" };
const UPDATE = process.env.CX_UPDATE_GOLDEN === "1";
const goldenDir = join(project, "test/golden/sql");

/**
 * Constructs node-sql-parser v5 rejects although the dialect has them, and what the test parses
 * instead: `marker` ends with an opening parenthesis; the text up to its closing one is `inner`.
 */
const UNSUPPORTED: { marker: string; what: string; to: (inner: string) => string; skip?: number }[] = [
  { marker: "[OFFSET(", what: "a[OFFSET(expr)] → OFFSET_AT(a, expr) (the parser takes a subscript only alone)", to: (e) => `, ${e})`, skip: 1 },
  { marker: "GROUPING SETS (", what: "GROUP BY GROUPING SETS ((), (a), (b)) → GROUP BY a, b", to: (inner) => inner.replace(/\(\)(, )?/g, "").replace(/[()]/g, "") },
  { marker: " FILTER (WHERE ", what: "agg(x) FILTER (WHERE c) → agg(x) + 0 * COUNT(CASE WHEN c THEN 1 END)", to: (c) => ` + 0 * COUNT(CASE WHEN ${c} THEN 1 END)` },
  { marker: " WITHIN GROUP (ORDER BY ", what: "percentile_cont(p) WITHIN GROUP (ORDER BY x) → percentile_cont(p) + 0 * MIN(x)", to: (x) => ` + 0 * MIN(${x})` },
  { marker: "ARRAY_AGG(", what: "ARRAY_AGG(v IGNORE NULLS ORDER BY v) → ARRAY_AGG(v)", to: (inner) => `ARRAY_AGG(${inner.replace(/ IGNORE NULLS ORDER BY .*$/s, "")})` },
];
const REGEX_REWRITES: [RegExp, string, string, DialectName?][] = [
  [/ AS BIGNUMERIC\)/g, "CAST(x AS BIGNUMERIC) → CAST(x AS NUMERIC)", " AS NUMERIC)", "bigquery"],
  [/ AT TIME ZONE ('(?:[^']|'')*')/g, "x AT TIME ZONE 'zone' → x", ""],
  [/\bextract\((\w+) FROM /g, "extract(PART FROM d) → PART(d)", "$1("],
  [/ AS BOOLEAN\)/g, "CAST(x AS BOOLEAN) → CAST(x AS STRING) (Hive grammar)", " AS STRING)", "databricks"],
  [/\bTRY_CAST\(/g, "TRY_CAST(x AS T) → CAST(x AS T) (Hive grammar)", "CAST(", "databricks"],
];

/** Index of the parenthesis closing the one just before `from` (string literals skipped). */
function closing(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      for (i++; i < s.length && !(s[i] === "'" && s[i + 1] !== "'"); i++) if (s[i] === "'") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}

function parseable(sql: string, dialect: DialectName): string {
  let s = sql;
  for (const u of UNSUPPORTED) {
    for (let at = s.indexOf(u.marker); at >= 0; at = s.indexOf(u.marker, at + 1)) {
      const open = at + u.marker.length;
      const close = closing(s, open);
      if (close < 0) break;
      let start = at;
      let head = "";
      if (u.marker === "[OFFSET(") {
        // The array: the identifier before the subscript.
        while (start > 0 && /\w/.test(s[start - 1])) start--;
        head = `OFFSET_AT(${s.slice(start, at)}`;
      }
      s = s.slice(0, start) + head + u.to(s.slice(open, close)) + s.slice(close + 1 + (u.skip ?? 0));
    }
  }
  for (const [re, , to, only] of REGEX_REWRITES) if (!only || only === dialect) s = s.replace(re, to);
  return s;
}

describe("golden SQL of every workspace", () => {
  const parser = new Parser();
  for (const w of workspaces()) {
    it(w.name, async () => {
      const { analysis, zone, asOf } = await analyzeWorkspace(w);
      const planned = planWorkspace(analysis.model, { asOf, timezone: zone });
      const problems: string[] = [];
      for (const dialectName of DIALECTS) {
        const d = dialectFor(dialectName);
        const parts: string[] = [`-- cx sql --dialect ${dialectName} (as of ${asOf}, zone ${zone})`];
        for (const plan of planned.plan.sources.values()) {
          const r = renderSource(plan, d, { zone });
          parts.push(formatSource(r));
          const db = PARSER_DB[dialectName];
          if (!db) continue;
          for (const q of r.queries) {
            try {
              parser.astify(parseable(q.sql, dialectName), { database: db });
            } catch (e) {
              problems.push(`${dialectName} ${plan.source} "${q.title}": ${(e as Error).message.slice(0, 200)}`);
              if (process.env.CX_DEBUG_PARSE) writeFileSync(`${process.env.CX_DEBUG_PARSE}/fail-${dialectName}-${w.name.replace(/\W/g, "_")}-${plan.source}.sql`, parseable(q.sql, dialectName));
            }
          }
        }
        const text = parts.join("\n");
        const file = join(goldenDir, w.name, `${dialectName}.sql`);
        if (UPDATE || !existsSync(file)) {
          if (!UPDATE) problems.push(`${file} did not exist; written (check it in)`);
          mkdirSync(join(goldenDir, w.name), { recursive: true });
          writeFileSync(file, text);
        } else if (readFileSync(file, "utf8") !== text) {
          problems.push(`${w.name}/${dialectName}.sql differs from the golden file (CX_UPDATE_GOLDEN=1 to regenerate on purpose)`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
