// Readers, language-v2 §9: headers and label maps, encodings, JSON/YAML columns from all records
// and nested paths, time zones, Parquet, and the issue-9 defects (binary files, files that change
// while read, carets, locateField, limits).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../server/src/core/diagnostics";
import { formatDate, formatDateTime } from "../../server/src/core/data/convert";
import { locateField, readSource, scanSource, type ColumnSpec, type SourceSpec } from "../../server/src/core/data/reader";
import type { ColumnType, Table } from "../../server/src/core/data/table";
import { zoneFor } from "../../server/src/core/time/zone";
import { MemoryHost } from "../support/memoryHost";

const CASES = join(__dirname, "../../../shared/conformance/cases-v2");
const PARQUET = join(__dirname, "../fixtures/parquet");
const bytes = (path: string) => new Uint8Array(readFileSync(path));

type Cell = string | number | boolean | null;
function cells(t: Table, name: string): Cell[] {
  const c = t.columns.get(name);
  if (!c) throw new Error(`no column ${name}`);
  const out: Cell[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    if (c.type === "text") out.push(c.codes[i] < 0 ? null : c.dict.at(c.codes[i])!);
    else {
      const v = c.values[i];
      out.push(Number.isNaN(v) ? null : c.type === "boolean" ? v === 1 : c.type === "date" ? formatDate(v) : c.type === "datetime" ? formatDateTime(v) : v);
    }
  }
  return out;
}
const at = (d: Diagnostic) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;
const spec = (files: string[], format: SourceSpec["format"], extra: Partial<SourceSpec> = {}): SourceSpec => ({ name: "s", files, format, delimiter: ",", ...extra });
const cols = (o: Record<string, ColumnType>) => new Map(Object.entries(o));
const declared = (o: Record<string, ColumnSpec>) => new Map(Object.entries(o));
const labels = (o: Record<string, number | string>) => Object.entries(o).map(([label, value]) => ({ label, value }));

describe("headers and label maps (§9.1)", () => {
  const survey = bytes(join(CASES, "v2-export-headers/data/survey-export.csv"));
  const pulse = bytes(join(CASES, "v2-export-headers/data/pulse.csv"));
  const satisfied: ColumnSpec = {
    type: "integer",
    header: "Q2 - Overall, how satisfied were you with your visit today?",
    map: labels({ "Very dissatisfied": 1, Dissatisfied: 2, "Neither satisfied nor dissatisfied": 3, Satisfied: 4, "Very satisfied": 5 }),
  };
  const surveySpec = (chunkSize?: number) => {
    const host = new MemoryHost({ "/ws/survey.csv": survey, "/ws/pulse.csv": pulse }, { chunkSize, reuseChunks: true });
    const s = spec(["/ws/survey.csv"], "csv", {
      delimiter: ";",
      declared: declared({
        satisfied,
        effort: { type: "integer", header: 'Q3 - "Effort"; how easy was it to find what you needed?', map: labels({ "Extremely difficult": 1, "Extremely easy": 7 }) },
        store: { type: "text", header: "store" },
        channel: { type: "text", header: "channel" },
        come_back: { type: "boolean", header: "Q4 - Would you shop with us again?", map: labels({ Definitely: 1, Probably: 1, "Probably not": 0, "Definitely not": 0 }) },
      }),
    });
    return { host, s };
  };

  it("reads headers by `from`, ignoring case and surrounding whitespace, and maps labels", async () => {
    for (const size of [undefined, 1, 7]) {
      const { host, s } = surveySpec(size);
      const r = await readSource(s, cols({ satisfied: "integer", effort: "integer", store: "text", channel: "text", come_back: "boolean" }), host);
      expect(Object.fromEntries(r.resolved)).toEqual({
        satisfied: satisfied.header,
        effort: 'Q3 - "Effort"; how easy was it to find what you needed?',
        store: " Store ",
        channel: "CHANNEL",
        come_back: "Q4 - Would you shop with us again?",
      });
      expect(r.missing).toEqual([]);
      // Rows 1-4: "Neither…", "Satisfied", " Satisfied " (trimmed), "Very Satisfied " (case).
      expect(cells(r.table, "satisfied").slice(0, 4)).toEqual([3, 4, 4, 5]);
      // "extremely easy" (case), and "5" is not a label but still an integer.
      expect(cells(r.table, "effort").slice(2, 5)).toEqual([1, 7, 5]);
      // yes/no are not labels but booleans.
      expect(cells(r.table, "come_back").slice(0, 3)).toEqual([false, true, true]);
      expect(cells(r.table, "store")).toContain("Lübeck");
      // The conformance case's CX4003 lines; every one points at the field, with its message.
      expect(r.diagnostics.map((d) => d.range.start.line + 1)).toEqual([11, 26, 31, 39]);
      const first = r.diagnostics[0];
      expect(first.message).toBe("Value 'Not sure' in column 'satisfied' is neither a label of its map nor an integer; it is treated as missing (source 's').");
      expect(at(first)).toBe("CX4003 11:36-11:44");
    }
  });

  it("ignores case with Unicode folding (ß ~ SS) and trims labels' values", async () => {
    const host = new MemoryHost({ "/ws/p.csv": bytes(join(CASES, "v2-export-headers/data/pulse.csv")), "/ws/u.csv": "STRASSE,x\nstraße,1\n" });
    const r = await readSource(
      spec(["/ws/u.csv"], "csv", { declared: declared({ road: { type: "text", header: "Straße" }, x: { type: "integer", header: "x", map: labels({ "STRASSE": 5 }) } }) }),
      cols({ road: "text", x: "integer" }),
      host,
    );
    expect(r.resolved.get("road")).toBe("STRASSE");
    expect(cells(r.table, "road")).toEqual(["straße"]);
    const p = await readSource(
      spec(["/ws/p.csv"], "csv", {
        delimiter: ";",
        declared: declared({ satisfied: { type: "integer", header: "Q2 - Zufriedenheit", map: labels({ "Sehr unzufrieden": 1, Unzufrieden: 2, Neutral: 3, Zufrieden: 4, "Sehr zufrieden": 5 }) }, filiale: { type: "text", header: "filiale" } }),
      }),
      cols({ satisfied: "integer", filiale: "text" }),
      host,
    );
    expect(cells(p.table, "satisfied")).toEqual([5, 2, 5, null, 5]);
    expect(p.diagnostics.map(at)).toEqual(["CX4003 5:3-5:13"]);
    expect(p.resolved.get("filiale")).toBe(" Filiale ");
  });

  it("says which headers are ambiguous, and maps text and date columns", async () => {
    const host = new MemoryHost({ "/ws/a.csv": "Store,STORE,when,kind\na,b,first,x\n" });
    const r = await readSource(
      spec(["/ws/a.csv"], "csv", {
        declared: declared({ store: { type: "text", header: "store" }, when: { type: "date", header: "when", map: labels({ First: 20000 }) }, kind: { type: "text", header: "kind", map: labels({ X: "extra" }) } }),
      }),
      cols({ store: "text", when: "date", kind: "text" }),
      host,
    );
    expect(r.missing).toEqual(["store"]);
    expect(r.ambiguous.get("store")).toEqual(["Store", "STORE"]);
    expect(cells(r.table, "when")).toEqual([formatDate(20000)]);
    expect(cells(r.table, "kind")).toEqual(["extra"]);
    const scan = await scanSource(spec(["/ws/a.csv"], "csv", { declared: declared({ store: { type: "text", header: "store" }, kind: { type: "text", header: "KIND" } }) }), host);
    expect(scan.missing).toEqual(["store"]);
    expect(scan.resolved.get("kind")).toBe("kind");
  });

  it("reads one header into two columns", async () => {
    const host = new MemoryHost({ "/ws/a.csv": "n\n1\nx\n" });
    const r = await readSource(spec(["/ws/a.csv"], "csv", { declared: declared({ a: { type: "text", header: "n" }, b: { type: "integer", header: "n" } }) }), cols({ a: "text", b: "integer" }), host);
    expect(cells(r.table, "a")).toEqual(["1", "x"]);
    expect(cells(r.table, "b")).toEqual([1, null]);
    expect(r.diagnostics.map(at)).toEqual(["CX4003 3:1-3:2"]);
  });
});

describe("JSON, JSONL and YAML columns (§9.4)", () => {
  const tickets = bytes(join(CASES, "v2-json-union/data/tickets.jsonl"));
  const mini = bytes(join(CASES, "v2-json-union/data/mini.jsonl"));
  const accounts = bytes(join(CASES, "v2-json-union/data/accounts.json"));

  it("takes the keys of all records, without objects and lists", async () => {
    for (const size of [undefined, 1, 5]) {
      const host = new MemoryHost({ "/ws/mini.jsonl": mini, "/ws/t.jsonl": tickets, "/ws/a.json": accounts }, { chunkSize: size, reuseChunks: true });
      const m = await scanSource(spec(["/ws/mini.jsonl"], "jsonl"), host);
      expect(m.schema.columns).toEqual(["id", "score", "channel"]);
      expect(m.stats.get("channel")!.nulls).toBe(2);
      expect(m.stats.get("score")!.nulls).toBe(1);
      const t = await scanSource(spec(["/ws/t.jsonl"], "jsonl"), host);
      expect(t.schema.columns).toEqual(["id", "opened", "priority", "channel", "csat", "handle_minutes", "reopened"]);
      expect(Object.fromEntries(t.schema.inferred)).toMatchObject({ opened: "date", csat: "integer", handle_minutes: "number", reopened: "boolean" });
      const a = await scanSource(spec(["/ws/a.json"], "json"), host);
      expect(a.schema.columns).toEqual(["account", "nps", "renewed"]);
      const r = await readSource(spec(["/ws/mini.jsonl"], "jsonl"), cols({ channel: "text", score: "integer" }), host);
      expect(cells(r.table, "channel")).toEqual([null, null, "app", "web"]);
      expect(cells(r.table, "score")).toEqual([9, 4, 10, null]);
    }
  });

  it("reads dotted paths into nested objects, and a declared column is missing only when no record has it", async () => {
    const host = new MemoryHost({ "/ws/mini.jsonl": mini, "/ws/t.jsonl": tickets, "/ws/a.json": accounts });
    const m = await readSource(spec(["/ws/mini.jsonl"], "jsonl", { declared: declared({ city: { type: "text", header: "store.city" }, tag: { type: "text", header: "tags.0" } }) }), cols({ city: "text", tag: "text" }), host);
    expect(cells(m.table, "city")).toEqual([null, "Kiel", "Kiel", "Bonn"]);
    expect(m.missing).toEqual(["tag"]); // paths never enter lists
    const t = await readSource(
      spec(["/ws/t.jsonl"], "jsonl", { declared: declared({ tier: { type: "text", header: "customer.tier" }, country: { type: "text", header: "Customer.Address.Country" }, reopened: { type: "boolean", header: "reopened" } }) }),
      cols({ tier: "text", country: "text", reopened: "boolean" }),
      host,
    );
    expect(t.missing).toEqual([]);
    expect(t.resolved.get("country")).toBe("customer.address.country");
    expect(cells(t.table, "country").filter((c) => c === "DE").length).toBe(34); // 0.2833… of 120
    expect(cells(t.table, "reopened").filter((c) => c === true).length).toBe(17); // 0.14166… of 120
    const a = await readSource(spec(["/ws/a.json"], "json", { declared: declared({ seats: { type: "integer", header: "plan.seats" }, plan: { type: "text", header: "plan.name" } }) }), cols({ seats: "integer", plan: "text" }), host);
    const seats = cells(a.table, "seats");
    const plans = cells(a.table, "plan");
    expect(seats.reduce<number>((sum, s, i) => sum + (plans[i] === "Enterprise" ? (s as number) : 0), 0)).toBe(924);
  });

  it("prefers a key equal to the path over the path, and points CX4003 at nested values", async () => {
    const host = new MemoryHost({ "/ws/a.jsonl": '{"a.b": 1}\n{"a": {"b": 2}}\n{"a": {"b": "x"}}\n', "/ws/b.jsonl": '{"a": {"b": 2}}\n{"a": {"b": "x"}}\n' });
    const a = await readSource(spec(["/ws/a.jsonl"], "jsonl", { declared: declared({ v: { type: "integer", header: "a.b" } }) }), cols({ v: "integer" }), host);
    expect(a.resolved.get("v")).toBe("a.b");
    expect(cells(a.table, "v")).toEqual([1, null, null]);
    const b = await readSource(spec(["/ws/b.jsonl"], "jsonl", { declared: declared({ v: { type: "integer", header: "a.b" } }) }), cols({ v: "integer" }), host);
    expect(cells(b.table, "v")).toEqual([2, null]);
    expect(b.diagnostics.map(at)).toEqual(["CX4003 2:13-2:16"]);
  });

  it("reads YAML the same way, and many aliases in linear time", async () => {
    const yaml = "- id: 1\n  who: {name: ann, city: Kiel}\n- id: 2\n  extra: yes\n  who: {name: bob}\n";
    const host = new MemoryHost({ "/ws/a.yaml": yaml });
    const s = await scanSource(spec(["/ws/a.yaml"], "yaml"), host);
    expect(s.schema.columns).toEqual(["id", "extra"]);
    const r = await readSource(spec(["/ws/a.yaml"], "yaml", { declared: declared({ city: { type: "text", header: "who.city" } }) }), cols({ city: "text", extra: "text" }), host);
    expect(cells(r.table, "city")).toEqual(["Kiel", null]);
    expect(cells(r.table, "extra")).toEqual([null, "yes"]);
    // 20,000 rows that are aliases of one anchored mapping.
    const rows = ["- &r {id: 1, score: 9, store: {city: Kiel}}", ...Array.from({ length: 20000 }, () => "- *r")].join("\n");
    const big = new MemoryHost({ "/ws/b.yaml": rows });
    const t0 = Date.now();
    const b = await readSource(spec(["/ws/b.yaml"], "yaml", { declared: declared({ city: { type: "text", header: "store.city" } }) }), cols({ score: "integer", city: "text" }), big);
    expect(b.table.rowCount).toBe(20001);
    expect(cells(b.table, "city")[20000]).toBe("Kiel");
    expect(Date.now() - t0).toBeLessThan(20000);
  });

  it("stops with one error past the limit of values reached through aliases", async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}: ${i}`).join(", ");
    const yaml = [`- &r {${keys}}`, ...Array.from({ length: 1001 }, () => "- *r")].join("\n");
    const host = new MemoryHost({ "/ws/a.yaml": yaml });
    const r = await readSource(spec(["/ws/a.yaml"], "yaml"), cols({ k1: "integer" }), host);
    expect(r.diagnostics.map((d) => `${at(d)} ${d.severity}`)).toEqual(["CX4004 1:1-1:1 error"]);
    expect(r.diagnostics[0].message).toContain("expand to more than 1,000,000 values");
    expect(r.table.rowCount).toBe(1001); // the rows before the limit: the anchored one and 1,000 aliases
  });

  it("reports two YAML documents as one clear error", async () => {
    const host = new MemoryHost({ "/ws/a.yaml": "- a: 1\n---\n- a: 2\n" });
    const s = await scanSource(spec(["/ws/a.yaml"], "yaml"), host);
    expect(s.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      "CX4004 error The file holds more than one YAML document ('---'); put all records in one sequence; nothing is read from this file (source 's').",
    ]);
  });
});

describe("encodings (§9.3)", () => {
  const files = {
    "/ws/v25.csv": bytes(join(CASES, "v2-encoding/data/visits-2025.csv")),
    "/ws/v26.csv": bytes(join(CASES, "v2-encoding/data/visits-2026.csv")),
    "/ws/k1.csv": bytes(join(CASES, "v2-encoding/data/kiosk-latin1.csv")),
    "/ws/k16.csv": bytes(join(CASES, "v2-encoding/data/kiosk-utf16.csv")),
  };

  it("reads windows-1252, latin1 and UTF-16, in any chunking", async () => {
    for (const size of [undefined, 1, 3]) {
      const host = new MemoryHost(files, { chunkSize: size, reuseChunks: true });
      const v = await readSource(spec(["/ws/v25.csv"], "csv", { encoding: "windows-1252" }), cols({ city: "text", comment: "text", store: "text" }), host);
      expect(v.diagnostics).toEqual([]);
      expect(cells(v.table, "city").filter((c) => c === "Zürich").length).toBe(11);
      expect(cells(v.table, "comment").filter((c) => typeof c === "string" && c.includes("€")).length).toBe(26);
      expect(cells(v.table, "store").filter((c) => c === "Café Crème – Gare").length).toBe(25);
      const k = await readSource(spec(["/ws/k1.csv"], "csv", { encoding: "latin1" }), cols({ city: "text" }), host);
      expect(new Set(cells(k.table, "city"))).toEqual(new Set(["Zürich", "Genève", "Malmö"]));
      const u = await readSource(spec(["/ws/k16.csv"], "csv", { encoding: "utf-16" }), cols({ city: "text", satisfied: "integer" }), host);
      expect(cells(u.table, "city").filter((c) => c === "Malmö").length).toBe(5);
      expect(u.table.rowCount).toBe(24);
    }
  });

  it("warns once (CX4009) at the first invalid UTF-8 byte and reads it as U+FFFD", async () => {
    for (const size of [undefined, 1, 2, 64]) {
      const host = new MemoryHost(files, { chunkSize: size, reuseChunks: true });
      const r = await readSource(spec(["/ws/v26.csv"], "csv"), cols({ city: "text" }), host);
      expect(r.table.rowCount).toBe(40);
      expect(r.diagnostics.map((d) => `${at(d)} ${d.severity}`)).toEqual(["CX4009 7:12-7:13 warning"]);
      expect(r.diagnostics[0].message).toContain("add 'encoding: windows-1252'");
      expect(cells(r.table, "city")).toContain("Z\ufffdrich");
      expect(cells(r.table, "city")).not.toContain("Zürich");
    }
  });

  it("lets a byte-order mark win, maps 0x80–0x9F, and counts columns in characters", async () => {
    const be = new Uint8Array([0xfe, 0xff, 0, 0x61, 0, 0x0a, 0, 0xe9, 0, 0x0a]); // UTF-16 BE "a\né\n"
    const cp = new Uint8Array([0x61, 0x0a, 0x80, 0x85, 0x9f, 0x81, 0x0a]);
    const bad = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xc3, 0xa9, 0xf0, 0x9f, 0x99, 0x82, 0xff, 0x0a]); // BOM a\n é 🙂 0xFF
    const host = new MemoryHost({ "/ws/be.csv": be, "/ws/cp.csv": cp, "/ws/l1.csv": cp, "/ws/bad.csv": bad });
    expect(cells((await readSource(spec(["/ws/be.csv"], "csv", { encoding: "latin1" }), cols({ a: "text" }), host)).table, "a")).toEqual(["é"]);
    expect(cells((await readSource(spec(["/ws/cp.csv"], "csv", { encoding: "windows-1252" }), cols({ a: "text" }), host)).table, "a")).toEqual(["€…Ÿ\u0081"]);
    expect(cells((await readSource(spec(["/ws/l1.csv"], "csv", { encoding: "latin1" }), cols({ a: "text" }), host)).table, "a")).toEqual(["\u0080\u0085\u009f\u0081"]);
    const r = await readSource(spec(["/ws/bad.csv"], "csv", { encoding: "windows-1252" }), cols({ a: "text" }), host);
    expect(cells(r.table, "a")).toEqual(["é🙂\ufffd"]);
    expect(r.diagnostics.map(at)).toEqual(["CX4009 2:4-2:5"]); // é (1) + 🙂 (2 UTF-16 units)
  });
});

describe("binary and unreadable files", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 300 }, (_, i) => (i * 37) & 255)]);
  let seed = 7;
  const random = new Uint8Array(5000).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 255);

  it("gives one error, and no rows, for binary data in any text format", async () => {
    for (const format of ["csv", "json", "jsonl", "yaml"] as const) {
      for (const data of [png, random]) {
        const host = new MemoryHost({ "/ws/x": data }, { chunkSize: 7 });
        const s = await scanSource(spec(["/ws/x"], format), host);
        expect(s.diagnostics.map((d) => `${at(d)} ${d.severity}`)).toEqual(["CX4004 1:1-1:1 error"]);
        expect(s.diagnostics[0].message).toContain("is not a text file");
        expect(s.rowCount).toBe(0);
        const r = await readSource(spec(["/ws/x"], format), cols({ a: "text" }), host);
        expect(r.diagnostics.map((d) => d.code)).toEqual(["CX4004"]);
      }
    }
  });

  it("suggests utf-16 for UTF-16 text without a byte-order mark", async () => {
    const text = "a,b\n1,2\n";
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) le[2 * i] = text.charCodeAt(i);
    const host = new MemoryHost({ "/ws/x.csv": le });
    expect((await scanSource(spec(["/ws/x.csv"], "csv"), host)).diagnostics[0].message).toContain("add 'encoding: utf-16'");
    const r = await readSource(spec(["/ws/x.csv"], "csv", { encoding: "utf-16" }), cols({ b: "integer" }), host);
    expect(cells(r.table, "b")).toEqual([2]);
  });

  it("returns the errors of unreadable files from scan (as eval needs them)", async () => {
    const host = new MemoryHost({ "/ws/q.csv": 'a,b\n1,"open\n', "/ws/l.json": "[[1,2]]", "/ws/n.json": "{}" });
    expect((await scanSource(spec(["/ws/q.csv"], "csv"), host)).diagnostics.map((d) => `${at(d)} ${d.severity}`)).toEqual(["CX4004 2:3-2:4 error"]);
    expect((await scanSource(spec(["/ws/l.json"], "json"), host)).diagnostics.map((d) => `${at(d)} ${d.severity}`)).toEqual(["CX4004 1:2-1:3 error"]);
    expect((await scanSource(spec(["/ws/n.json"], "json"), host)).diagnostics.map((d) => `${at(d)} ${d.severity}`)).toEqual(["CX4004 1:1-1:2 error"]);
  });
});

describe("files that change while they are read", () => {
  it("reads again once, and reports CX4001 (with no rows) if the file changes again", async () => {
    const host = new MemoryHost({ "/ws/a.csv": "n\n1\n2\n3\n" }, { chunkSize: 3 });
    let changes = 1;
    host.onChunk = (path, i) => {
      if (i === 1 && changes-- > 0) host.set(path, "n\n7\n8\n9\n10\n");
    };
    const once = await readSource(spec(["/ws/a.csv"], "csv"), cols({ n: "integer" }), host);
    expect(cells(once.table, "n")).toEqual([7, 8, 9, 10]);
    expect(once.diagnostics).toEqual([]);

    let n = 0;
    host.onChunk = (path, i) => {
      if (i === 1) host.set(path, `n\n${++n}\n`);
    };
    const twice = await readSource(spec(["/ws/a.csv"], "csv"), cols({ n: "integer" }), host);
    expect(twice.table.rowCount).toBe(0);
    expect(twice.table.columns.get("n")?.type).toBe("integer");
    expect(twice.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      "CX4001 error 'a.csv' changed while it was read (twice in a row), so nothing is read from it; evaluate again once it is written completely (source 's').",
    ]);
    const scan = await scanSource(spec(["/ws/a.csv"], "csv"), host);
    expect(scan.diagnostics.map((d) => d.code)).toEqual(["CX4001"]);
  });
});

describe("time zones (§9.5)", () => {
  const berlin = zoneFor("Europe/Berlin")!;
  const csv = [
    "at,day",
    "2026-03-29T01:30:00,2026-03-29", // before the jump forward: +01:00
    "2026-03-29T02:30:00,2026-03-29", // skipped: the offset before the jump (+01:00)
    "2026-03-29T03:30:00,2026-03-29", // after: +02:00
    "2026-10-25T02:30:00,2026-10-25", // repeated: the offset after the jump back (+01:00)
    "2026-10-25T01:30:00+02:00,2026-10-25", // an offset: an instant
    "2026-10-25T00:30:00Z,2026-10-25",
    "2026-06-30,2026-06-30", // a bare date: local midnight
    "2026-06-30 12:00,2026-06-30",
  ].join("\n");

  it("reads date-times without an offset as local times in the source's zone", async () => {
    for (const size of [undefined, 5]) {
      const host = new MemoryHost({ "/ws/a.csv": csv, "/ws/a.parquet": bytes(join(PARQUET, "types.parquet")) }, { chunkSize: size });
      const r = await readSource(spec(["/ws/a.csv"], "csv", { timezone: berlin }), cols({ at: "datetime", day: "date" }), host);
      expect(cells(r.table, "at")).toEqual([
        "2026-03-29T00:30:00Z",
        "2026-03-29T01:30:00Z",
        "2026-03-29T01:30:00Z",
        "2026-10-25T01:30:00Z",
        "2026-10-24T23:30:00Z",
        "2026-10-25T00:30:00Z",
        "2026-06-29T22:00:00Z",
        "2026-06-30T10:00:00Z",
      ]);
      expect(cells(r.table, "day")[0]).toBe("2026-03-29"); // dates stay day numbers
      const utc = await readSource(spec(["/ws/a.csv"], "csv"), cols({ at: "datetime" }), host);
      expect(cells(utc.table, "at")[0]).toBe("2026-03-29T01:30:00Z");
    }
  });

  it("reads Parquet TIMESTAMP as local and TIMESTAMPTZ as an instant", async () => {
    const host = new MemoryHost({ "/ws/a.parquet": bytes(join(PARQUET, "types.parquet")) });
    const r = await readSource(spec(["/ws/a.parquet"], "parquet", { timezone: berlin }), cols({ at_local: "datetime", at_utc: "datetime" }), host);
    expect(cells(r.table, "at_local").slice(0, 2)).toEqual(["2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"]);
    expect(cells(r.table, "at_utc").slice(0, 2)).toEqual(["2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"]);
  });
});

describe("Parquet", () => {
  const csvCols = cols({ id: "integer", small: "integer", score: "number", price: "number", ok: "boolean", day: "date", at_local: "datetime", at_utc: "datetime", label: "text" });

  it("reports the schema's types and reads the same values as the CSV it was written from", async () => {
    const host = new MemoryHost({
      "/ws/t.csv": bytes(join(PARQUET, "types.csv")),
      "/ws/t.parquet": bytes(join(PARQUET, "types.parquet")),
      "/ws/p.parquet": bytes(join(PARQUET, "plain.parquet")),
    });
    const s = await scanSource(spec(["/ws/t.parquet"], "parquet"), host);
    expect(Object.fromEntries(s.schema.inferred)).toEqual(Object.fromEntries(csvCols));
    expect(s.rowCount).toBe(6);
    expect(s.diagnostics).toEqual([]);
    const fromCsv = await readSource(spec(["/ws/t.csv"], "csv"), csvCols, host);
    for (const file of ["/ws/t.parquet", "/ws/p.parquet"]) {
      const r = await readSource(spec([file], "parquet"), csvCols, host);
      expect(r.diagnostics).toEqual([]);
      for (const name of csvCols.keys()) expect(cells(r.table, name), name).toEqual(cells(fromCsv.table, name));
      expect([...r.table.rowLines]).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it("decodes every physical type and encoding page by page, with nulls, into the values DuckDB wrote", async () => {
    // The formulas of test/fixtures/parquet/make.mjs (mixed.parquet, mixed-v2.parquet), in JavaScript.
    const berlin = zoneFor("Europe/Berlin")!;
    const rows = Array.from({ length: 1200 }, (_, k) => k + 1);
    const nullIf = <T,>(cond: boolean, v: T): T | null => (cond ? null : v);
    const day0 = Date.UTC(2024, 0, 1);
    const expected: Record<string, Cell[]> = {
      id: rows.map((i) => i),
      big: rows.map((i) => nullIf(i % 7 === 0, Number(BigInt(i) * 3000000000000000n - 3700000000000000000n))),
      n: rows.map((i) => nullIf(i % 11 === 0, (i % 100) - 50)),
      d: rows.map((i) => nullIf(i % 13 === 0, i / 8)),
      dec: rows.map((i) => nullIf(i % 13 === 1, i * 1.25)),
      b: rows.map((i) => nullIf(i % 5 === 0, i % 3 === 0)),
      day: rows.map((i) => nullIf(i % 17 === 0, formatDate(day0 / 86400000 + i - 1000))),
      ts_ms: rows.map((i) => formatDateTime(berlin.fromLocal(day0 + i * 1234567))),
      ts_ns: rows.map((i) => formatDateTime(berlin.fromLocal(day0 + Math.floor((i * 1234567891) / 1000)))),
      ts_tz: rows.map((i) => nullIf(i % 23 === 0, formatDateTime(Math.floor((-500 + i * 1234567891 - 800000000000) / 1000)))),
      local: rows.map((i) => formatDateTime(berlin.fromLocal(Date.UTC(2026, 2, 29) + i * 7 * 60000))),
      low: rows.map((i) => nullIf(i % 9 === 0, ["red", "green", "blue", "Zürich", ""][i % 5] || null)),
      high: rows.map((i) => nullIf(i % 19 === 0, `v${i}`)),
    };
    const types = cols({ id: "integer", big: "integer", n: "integer", d: "number", dec: "number", b: "boolean", day: "date", ts_ms: "datetime", ts_ns: "datetime", ts_tz: "datetime", local: "datetime", low: "text", high: "text" });
    // A label map on one more column sends the records one at a time (the record path) instead of a row group at a time.
    const mapped = declared({ colour: { type: "integer", header: "low", map: labels({ red: 1, green: 2, blue: 3, Zürich: 4 }) } });
    const host = new MemoryHost({ "/ws/m1.parquet": bytes(join(PARQUET, "mixed.parquet")), "/ws/m2.parquet": bytes(join(PARQUET, "mixed-v2.parquet")) }, { chunkSize: 4096 });
    for (const file of ["/ws/m1.parquet", "/ws/m2.parquet"]) {
      const typed = await readSource(spec([file], "parquet", { timezone: berlin }), types, host);
      const record = await readSource(spec([file], "parquet", { timezone: berlin, declared: mapped }), new Map([...types, ["colour", "integer"]]), host);
      for (const r of [typed, record]) {
        expect(r.diagnostics).toEqual([]);
        expect(r.table.rowCount).toBe(1200);
        for (const [name, want] of Object.entries(expected)) expect(cells(r.table, name), `${file} ${name}`).toEqual(want);
        expect([...r.table.rowLines]).toEqual(rows);
      }
      expect(cells(record.table, "colour")).toEqual(rows.map((i) => (i % 9 === 0 || i % 5 === 4 ? null : (i % 5) + 1)));
      // Columns only validated (declared, used by no metric) are not decoded; the others are read as before.
      const some = cols({ n: "integer", low: "text" });
      const validated = await readSource(spec([file], "parquet", { timezone: berlin }), some, host, undefined, cols({ high: "text", ts_ns: "datetime" }));
      expect(validated.diagnostics).toEqual([]);
      expect([...validated.table.columns.keys()].sort()).toEqual(["low", "n"]);
      for (const name of some.keys()) expect(cells(validated.table, name)).toEqual(expected[name]);
    }
  });

  it("matches headers, maps labels and reports bad values like CSV", async () => {
    const host = new MemoryHost({ "/ws/t.parquet": bytes(join(PARQUET, "types.parquet")), "/ws/z.parquet": bytes(join(PARQUET, "zstd.parquet")) });
    const r = await readSource(
      spec(["/ws/t.parquet"], "parquet", { declared: declared({ city: { type: "integer", header: "LABEL", map: labels({ kiel: 1, bremen: 2 }) } }) }),
      cols({ city: "integer" }),
      host,
    );
    expect(cells(r.table, "city")).toEqual([1, null, null, null, 2, 1]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`)).toEqual(["CX4003 2", "CX4003 4"]);
    const z = await scanSource(spec(["/ws/z.parquet"], "parquet"), host);
    expect(z.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "CX4001 Cannot read 'z.parquet': it is compressed with ZSTD, which is not supported; write it with snappy compression (DuckDB's default) or none (source 's').",
    ]);
  });
});

describe("CX4002 messages", () => {
  it("names the headers that equal a column ignoring case", async () => {
    const { missingColumns } = await import("../../server/src/core/analyze");
    const info = { declaredAt: new Map([["store", { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } }]]), sym: { file: { path: "/ws/main.cx" } }, files: ["/ws/a.csv"] };
    const [d] = missingColumns("s", ["store"], { missing: ["store"], ambiguous: new Map([["store", ["Store", "STORE"]]]) }, ["Store", "STORE"], info);
    expect(d.message).toBe("Column 'store' is declared in source 's' but missing from 'a.csv'. Several headers equal it ignoring case ('Store', 'STORE'); say which one with from \"…\".");
    const [e] = missingColumns("s", ["store"], { missing: ["store"], ambiguous: new Map() }, [" Shop ", "id"], info);
    expect(e.message).toBe("Column 'store' is declared in source 's' but missing from 'a.csv'. The data has: ' Shop ', id.");
  });
});

describe("locateField", () => {
  it("finds a field's range in CSV, JSONL and YAML records", async () => {
    const host = new MemoryHost({
      "/ws/a.csv": 'id,score,note\n1,5,"two\nlines"\n2,11,x\n',
      "/ws/a.jsonl": '{"id": 1, "s": {"v": 5}}\n{"id": 2, "s": {"v": 11}}\n',
      "/ws/a.yaml": "- id: 1\n  score: 5\n- id: 2\n  score: 11\n",
    });
    expect(await locateField(host, spec(["/ws/a.csv"], "csv"), "/ws/a.csv", 4, "score")).toEqual({ start: { line: 3, character: 2 }, end: { line: 3, character: 4 } });
    expect(await locateField(host, spec(["/ws/a.csv"], "csv"), "/ws/a.csv", 2, "note")).toEqual({ start: { line: 1, character: 4 }, end: { line: 2, character: 6 } });
    expect(await locateField(host, spec(["/ws/a.csv"], "csv"), "/ws/a.csv", 3, "score")).toBeUndefined(); // no record starts there
    const js = spec(["/ws/a.jsonl"], "jsonl", { declared: declared({ score: { type: "integer", header: "s.v" } }) });
    expect(await locateField(host, js, "/ws/a.jsonl", 2, "score")).toEqual({ start: { line: 1, character: 21 }, end: { line: 1, character: 23 } });
    expect(await locateField(host, spec(["/ws/a.yaml"], "yaml"), "/ws/a.yaml", 3, "score")).toEqual({ start: { line: 3, character: 9 }, end: { line: 3, character: 11 } });
  });
});

describe("limits", () => {
  it("reads a CSV with 100,000 columns in linear time", async () => {
    const n = 100_000;
    const head = Array.from({ length: n }, (_, i) => `c${i}`).join(",");
    const row = Array.from({ length: n }, (_, i) => `${i}`).join(",");
    const host = new MemoryHost({ "/ws/w.csv": `${head}\n${row}\n${row}\n` }, { chunkSize: 1 << 16 });
    const t0 = Date.now();
    const r = await readSource(spec(["/ws/w.csv"], "csv"), cols({ c99999: "integer" }), host);
    expect(cells(r.table, "c99999")).toEqual([99999, 99999]);
    const s = await scanSource(spec(["/ws/w.csv"], "csv"), host);
    expect(s.schema.columns.length).toBe(n);
    expect(Date.now() - t0).toBeLessThan(25000);
  });
});
