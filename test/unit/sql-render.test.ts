// Pure helpers of the SQL renderers: user queries as subqueries, header resolution, capture groups
// for one-group extractors, double literals, comment text.
import { describe, expect, it } from "vitest";
import { commentText, resolveHeader, stripSql } from "../../server/src/core/engines/sql/render";
import { countGroups, onlyGroup } from "../../server/src/core/engines/sql/dialects";
import { numberText } from "../../server/src/core/engines/sql/dialect";
import { jsonPath, jsonPointer } from "../../server/src/core/engines/sql/files";
import { redactSecrets } from "../../server/src/core/engines/sql/client";

describe("SQL render helpers", () => {
  it("stripSql drops what follows the last token: semicolons, whitespace and comments", () => {
    expect(stripSql("select 1 as n; -- trailing")).toBe("select 1 as n");
    expect(stripSql("select 1 /* c */ ;\n\n-- x\n")).toBe("select 1");
    expect(stripSql("select ';--' as s -- c")).toBe("select ';--' as s");
    expect(stripSql('select 1 as "a;-- b";')).toBe('select 1 as "a;-- b"');
    expect(stripSql("select 'it''s'")).toBe("select 'it''s'");
    expect(stripSql("  ;  ")).toBe("");
  });

  it("resolveHeader: exact, else the only one equal ignoring case and surrounding whitespace", () => {
    expect(resolveHeader("Score", ["score", "Score"])).toBe(1);
    expect(resolveHeader("score", ["Store", " SCORE "])).toBe(1);
    expect(resolveHeader("score", ["SCORE", "Score"])).toBe(-1);
    expect(resolveHeader("x", ["a"])).toBe(-1);
  });

  it("onlyGroup keeps one capture group", () => {
    const p = "([0-9]{4})-([0-9]{2})(-([0-9]{2}))?";
    expect(countGroups(p)).toBe(4);
    expect(onlyGroup(p, 2)).toBe("(?:[0-9]{4})-([0-9]{2})(?:-(?:[0-9]{2}))?");
    expect(onlyGroup("(a\\(b)(c)", 2)).toBe("(?:a\\(b)(c)");
  });

  it("numberText writes the shortest exact double", () => {
    expect(numberText(0.1)).toBe("0.1");
    expect(numberText(1e21)).toBe("1e21");
    expect(numberText(1.5e-7)).toBe("1.5e-7");
    expect(numberText(-0)).toBe("-0.0");
  });

  it("JSON pointers and dotted paths", () => {
    expect(jsonPointer(["a/b", "c~d"])).toBe("/a~1b/c~0d");
    expect(jsonPath("customer.id", ["customer"])).toEqual(["customer", "id"]);
    expect(jsonPath("Customer.ID", ["customer.id"])).toEqual(["customer.id"]);
    expect(jsonPath("absent", ["a"])).toBeUndefined();
  });

  it("commentText keeps a comment on one line without control characters", () => {
    expect(commentText("a\nb\u001b[31m")).toBe("a⏎b\\x1b[31m");
  });

  it("redactSecrets removes secret values, URL passwords and password settings", () => {
    const m = 'connect to postgres://cx:pa%24s@db:5432/x failed; password=hunter2 token: "abc def" key=s3cr3t';
    const r = redactSecrets(m, ["s3cr3t"]);
    expect(r).not.toMatch(/pa%24s|hunter2|abc def|s3cr3t/);
    expect(r).toContain("postgres://cx:***@db:5432/x");
  });
});
