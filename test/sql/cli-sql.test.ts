// `cx sql` (engines.md §4), spawned from the bundled CLI like a user or CI would run it.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { built, ROOT } from "../support/dist";

let cli = "";
beforeAll(() => {
  cli = built("cli.js");
});

function cx(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fixture = join(ROOT, "test/fixtures/eval/survey-basics");

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cx-sql-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("cx sql", () => {
  it("prints each source's queries for its engine (DuckDB for file sources), with comments", () => {
    const r = cx(["sql", fixture, "--as-of", "2026-06-30"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-- cx sql: as of 2026-06-30, time zone UTC/);
    expect(r.stdout).toMatch(/-- source \w+ \(duckdb\)/);
    expect(r.stdout).toContain("read_csv(");
    expect(r.stdout).toMatch(/-- \d+ measures? \(overall\)/);
  });

  it("--dialect picks the dialect; --help and usage errors", () => {
    const r = cx(["sql", fixture, "--dialect", "snowflake", "--as-of", "2026-06-30"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("ALTER SESSION SET TIMEZONE = 'UTC';");
    expect(r.stdout).not.toContain("read_csv(");
    expect(cx(["sql", "--help"]).stdout).toMatch(/--dialect D/);
    const bad = cx(["sql", fixture, "--dialect", "oracle"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown dialect 'oracle'/);
    expect(cx(["sql", fixture, "--metric", "no_such_metric"]).status).toBe(2);
    expect(cx(["sql", join(ROOT, "no/such/dir")]).status).toBe(2);
  });

  it("--metric keeps only what that metric needs", () => {
    const all = cx(["sql", join(ROOT, "samples/retail"), "--as-of", "2026-06-30", "--dialect", "trino"]);
    const one = cx(["sql", join(ROOT, "samples/retail"), "--as-of", "2026-06-30", "--dialect", "trino", "--metric", "retention_rate"]);
    expect(one.status, one.stderr).toBe(0);
    const queries = (s: string) => (s.match(/^WITH$/gm) ?? []).length;
    expect(queries(one.stdout)).toBeGreaterThan(0);
    expect(queries(one.stdout)).toBeLessThan(queries(all.stdout));
  });

  it("escapes hostile names and values, shows no control characters, and never a secret", () => {
    const secret = "hunter2-LITERAL-SECRET";
    const dir = workspace({
      "cx.yaml": `connections:\n  warehouse:\n    engine: postgres\n    url: env:CX_SQL_TEST_URL\n  leaky:\n    engine: postgres\n    password: ${secret}\n`,
      "main.cx": [
        "source visits {",
        "  connection: warehouse",
        '  table: "odd\\"schema.t;-- x"',
        "  columns {",
        "    score: integer",
        "    store: text",
        "  }",
        "}",
        "metric avg_score {",
        '  value: avg(visits.score where store == "it\'s \\"x\\" */;\\n\\u001b[31m")',
        "}",
        "source q {",
        "  connection: warehouse",
        '  sql: "select 1 as n; -- trailing"',
        "  columns {",
        "    n: integer",
        "  }",
        "}",
        "metric rows_q {",
        "  value: sum(q.n)",
        "}",
      ].join("\n"),
    });
    const r = cx(["sql", dir, "--as-of", "2026-06-30"], dir);
    expect(r.stdout).toContain('FROM "odd""schema"."t;-- x"');
    expect(r.stdout).toContain("('it''s \"x\" */;' || chr(10) || chr(27) || '[31m')");
    expect(r.stdout).toMatch(/FROM \(\n\s+select 1 as n\n\s+\) AS cx_query/);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });
});
