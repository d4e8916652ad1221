// Workspace loading (server/src/core/semantics/workspace.ts) on real files through NodeHost and in
// memory: imports stay in the workspace (language-v2 §9.6), invalid UTF-8 in .cx files (§9.3),
// the cx.yaml keys of version 2, and names that are Object.prototype members.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSource, firstInvalidUtf8, readSourceText, type Host } from "../../server/src/core/host";
import { loadWorkspace, type Workspace } from "../../server/src/core/semantics/workspace";
import { NodeHost } from "../../server/src/node/host";
import { MemoryHost } from "../support/memoryHost";

const host = new NodeHost();
let tmp: string;
let root: string;

const SECRET = "root:x:0:0:secret-line-that-must-not-leak";

beforeAll(() => {
  tmp = host.realpath(mkdtempSync(join(tmpdir(), "cx-ws-")))!.replace(/\\/g, "/");
  root = `${tmp}/ws`;
  const files: Record<string, string | Buffer> = {
    "outside/passwd": `${SECRET}\nmetric: leak\n`,
    "outside/other.cx": `metric outside_metric { value: 1 }\n// ${SECRET}\n`,
    "ws/lib/common.cx": "metric common { value: 1 }\n",
    "ws/notes.txt": `${SECRET}\n`,
    "ws/latin1.cx": Buffer.concat([Buffer.from("// Filiale M"), Buffer.from([0xfc]), Buffer.from("nchen\nmetric legacy { value: 1 }\n")]),
    "ws/valid.cx": "// Filiale München ✓\nmetric fine { value: 1 }\n",
    "ws/main.cx": [
      'import "lib/common.cx"',
      'import "../outside/other.cx"',
      `import "${tmp}/outside/passwd"`,
      'import "notes.txt"',
      'import "link-out.cx"',
      'import "link-dir/other.cx"',
      'import "link-txt.cx"',
      'import "missing.cx"',
      "metric main { value: common }",
      "",
    ].join("\n"),
  };
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(tmp, p, ".."), { recursive: true });
    writeFileSync(join(tmp, p), content);
  }
  symlinkSync(`${tmp}/outside/other.cx`, `${root}/link-out.cx`, "file");
  symlinkSync(`${tmp}/outside`, `${root}/link-dir`, "dir");
  symlinkSync(`${root}/notes.txt`, `${root}/link-txt.cx`, "file");
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function load(inputs: string[], h: Host = host, r = root): Workspace {
  return loadWorkspace({ root: r, inputs, host: h });
}

function lineOf(ws: Workspace, file: string, line: number) {
  return ws.diagnostics.filter((d) => d.file === file && d.range.start.line === line).map((d) => d.code);
}

describe("imports stay in the workspace (language-v2 §9.6)", () => {
  it("refuses imports outside the root, of non-.cx files and through symbolic links, and reads none of them", () => {
    const main = `${root}/main.cx`;
    const ws = load([main]);
    expect(ws.files.map((f) => f.path)).toEqual([`${root}/lib/common.cx`, main]);
    expect(lineOf(ws, main, 0)).toEqual([]); // lib/common.cx is fine
    expect(lineOf(ws, main, 1)).toEqual(["CX4005"]); // ../outside/other.cx
    expect(lineOf(ws, main, 2)).toEqual(["CX4005"]); // an absolute path outside, not .cx either
    expect(lineOf(ws, main, 3)).toEqual(["CX4005"]); // notes.txt: inside, but not a .cx file
    expect(lineOf(ws, main, 4)).toEqual(["CX4005"]); // link-out.cx → outside
    expect(lineOf(ws, main, 5)).toEqual(["CX4005"]); // link-dir/other.cx → outside
    expect(lineOf(ws, main, 6)).toEqual(["CX4005"]); // link-txt.cx → notes.txt
    expect(lineOf(ws, main, 7)).toEqual(["CX2007"]); // inside, just missing
    // the diagnostic is on the path string
    const d = ws.diagnostics.find((x) => x.code === "CX4005" && x.range.start.line === 1)!;
    expect(d.range.start.character).toBe('import "'.length - 1);
    expect(d.message).toContain("../outside/other.cx");
    expect(d.message).toContain("outside the workspace");
    // nothing of the refused files shows anywhere
    const all = JSON.stringify(ws.diagnostics);
    expect(all).not.toContain("secret-line");
    expect(all).not.toContain("outside_metric");
    expect(ws.symbols.has("outside_metric")).toBe(false);
    expect(ws.symbols.has("common")).toBe(true);
  });

  it("the refused targets are not import targets (no cycle checks, no navigation into them)", () => {
    const ws = load([`${root}/main.cx`]);
    const imports = ws.fileMap.get(`${root}/main.cx`)!.imports;
    expect(imports.map((i) => (i.target ? i.target.slice(root.length) : undefined))).toEqual([
      "/lib/common.cx",
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      "/missing.cx",
    ]);
  });

  it("follows a root that is itself reached through a symbolic link", () => {
    const linked = `${tmp}/ws-link`;
    symlinkSync(root, linked, "dir");
    const ws = load([`${linked}/main.cx`], host, linked);
    expect(ws.files.map((f) => f.path)).toEqual([`${linked}/lib/common.cx`, `${linked}/main.cx`]);
    expect(ws.diagnostics.filter((d) => d.code === "CX4005")).toHaveLength(6);
  });

  it("in memory: the same rules with MemoryHost's symbolic links", () => {
    const mem = new MemoryHost({
      "/ws/main.cx": 'import "a.cx"\nimport "/etc/passwd"\nimport "sub/b.cx"\n',
      "/ws/a.cx": "metric a { value: 1 }\n",
      "/etc/passwd": `${SECRET}\n`,
      "/elsewhere/b.cx": "metric b { value: 2 }\n",
    });
    mem.symlink("/ws/sub", "/elsewhere");
    const ws = load(["/ws/main.cx"], mem, "/ws");
    expect(ws.diagnostics.map((d) => `${d.code}@${d.range.start.line}`)).toEqual(["CX4005@1", "CX4005@2"]);
    expect(JSON.stringify(ws.diagnostics)).not.toContain("secret-line");
    expect([...ws.symbols.keys()]).toEqual(["a"]);
  });
});

describe("invalid UTF-8 in .cx files (language-v2 §9.3)", () => {
  it("is CX1003 at the first invalid byte, with data.invalidUtf8, through NodeHost", () => {
    const file = `${root}/latin1.cx`;
    const ws = load([file]);
    const d = ws.diagnostics.filter((x) => x.file === file);
    expect(d.map((x) => [x.code, x.range.start.line, x.range.start.character, x.data])).toEqual([["CX1003", 0, 12, { invalidUtf8: true }]]);
    expect(d[0].message).toMatch(/not valid UTF-8.*line 1, column 13.*save it as UTF-8/);
    // the rest of the file is still read
    expect(ws.symbols.has("legacy")).toBe(true);
  });

  it("valid UTF-8 (with a BOM, or multi-byte characters) gives nothing", () => {
    const file = `${root}/valid.cx`;
    expect(load([file]).diagnostics).toEqual([]);
    const mem = new MemoryHost({ "/ws/bom.cx": new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("metric a { value: 1 }")]) });
    expect(load(["/ws/bom.cx"], mem, "/ws").diagnostics).toEqual([]);
  });

  it("counts the column in the decoded text (UTF-16), after a BOM, in memory", () => {
    // "é" is 2 bytes but one UTF-16 unit; the invalid byte 0xff is the 7th character of line 2
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("// x\n// mé "), 0xff, 0xfe, ...Buffer.from("\nmetric a { value: 1 }\n")]);
    const mem = new MemoryHost({ "/ws/a.cx": bytes });
    const ws = load(["/ws/a.cx"], mem, "/ws");
    expect(ws.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.data])).toEqual([
      ["CX1003", 1, 6, 7, { invalidUtf8: true }],
    ]);
  });

  it("a U+FFFD outside strings and comments is not reported a second time as an invalid character", () => {
    const mem = new MemoryHost({ "/ws/a.cx": new Uint8Array([...Buffer.from("metric a { value: 1 }\n"), 0xc3, 0x28, ...Buffer.from(" metric b { value: 2 }\n")]) });
    const ws = load(["/ws/a.cx"], mem, "/ws");
    expect(ws.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.data])).toEqual([["CX1003", 1, 0, { invalidUtf8: true }]]);
    expect([...ws.symbols.keys()]).toEqual(["a", "b"]);
  });

  it("a host without readSource (an editor overlay of strings) still loads, unvalidated", () => {
    const mem = new MemoryHost({ "/ws/a.cx": "metric a { value: 1 }\n" });
    const overlay: Host = {
      readText: (p) => (p === "/ws/a.cx" ? "metric b { value: 2 }\n" : mem.readText(p)),
      stat: (p) => mem.stat(p),
      realpath: (p) => mem.realpath(p),
      glob: (p) => mem.glob(p),
      readChunks: (p, s) => mem.readChunks(p, s),
    };
    expect(readSourceText(overlay, "/ws/a.cx")).toEqual({ text: "metric b { value: 2 }\n" });
    const ws = load(["/ws/a.cx"], overlay, "/ws");
    expect([...ws.symbols.keys()]).toEqual(["b"]);
  });

  it("a cached parse of the same text is not reused when the bytes differ in validity", () => {
    const parseCache = new Map();
    const valid = new MemoryHost({ "/ws/a.cx": "metric a { value: 1 } // \ufffd\n" });
    const invalid = new MemoryHost({ "/ws/a.cx": new Uint8Array([...Buffer.from("metric a { value: 1 } // "), 0xff, 0x0a]) });
    expect(loadWorkspace({ root: "/ws", inputs: ["/ws/a.cx"], host: valid, parseCache }).diagnostics).toEqual([]);
    expect(loadWorkspace({ root: "/ws", inputs: ["/ws/a.cx"], host: invalid, parseCache }).diagnostics.map((d) => d.code)).toEqual(["CX1003"]);
    expect(loadWorkspace({ root: "/ws", inputs: ["/ws/a.cx"], host: valid, parseCache }).diagnostics).toEqual([]);
  });

  it.each([
    ["ASCII", [0x61, 0x62], -1],
    ["2-byte", [0xc3, 0xa9], -1],
    ["3-byte", [0xe2, 0x82, 0xac], -1],
    ["4-byte", [0xf0, 0x9f, 0x98, 0x80], -1],
    ["lone continuation", [0x61, 0x80], 1],
    ["Latin-1 ü", [0x4d, 0xfc, 0x6e], 1],
    ["overlong 2-byte", [0xc0, 0xaf], 0],
    ["overlong 3-byte", [0xe0, 0x80, 0xaf], 0],
    ["surrogate", [0xed, 0xa0, 0x80], 0],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["F5", [0xf5, 0x80, 0x80, 0x80], 0],
    ["truncated at the end", [0x61, 0xe2, 0x82], 1],
    ["truncated before ASCII", [0xe2, 0x82, 0x61], 0],
  ])("firstInvalidUtf8: %s", (_name, bytes, expected) => {
    const u = new Uint8Array(bytes);
    expect(firstInvalidUtf8(u)).toBe(expected);
    expect(decodeSource(u).invalidUtf8At === undefined).toBe(expected === -1);
  });
});

describe("cx.yaml keys of version 2", () => {
  function config(yaml: string) {
    const mem = new MemoryHost({ "/ws/cx.yaml": yaml, "/ws/a.cx": "metric a { value: 1 }\n" });
    const ws = loadWorkspace({ root: "/ws", inputs: ["/ws/a.cx"], host: mem, configFile: "/ws/cx.yaml" });
    return { config: ws.config, diagnostics: ws.diagnostics.map((d) => `${d.code}@${d.range.start.line}: ${d.message}`) };
  }

  it("reads timezone, confidence, engine and connections", () => {
    const r = config(
      "timezone: Europe/Berlin\nconfidence: 0.9\nengine: duckdb\nconnections:\n  warehouse:\n    engine: postgres\n    url: env:CX_WAREHOUSE_URL\n    schema: cx\n",
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toMatchObject({ timezone: "Europe/Berlin", confidence: 0.9, engine: "duckdb" });
    const w = r.config.connections!.get("warehouse")!;
    expect(w.engine).toBe("postgres");
    expect([...w.settings]).toEqual([
      ["url", "env:CX_WAREHOUSE_URL"],
      ["schema", "cx"],
    ]);
  });

  it("reports wrong values, and never repeats a literal secret", () => {
    const r = config(
      "timezone: Mars/Olympus\nconfidence: 95\nengine: spark\nconnections:\n  w:\n    engine: oracle\n    password: hunter2-literal\n  v:\n    url: env:X\n",
    );
    expect(r.diagnostics.map((d) => d.split(":")[0])).toEqual(["CX3001@0", "CX3001@1", "CX3001@2", "CX3001@5", "CX3001@6", "CX2006@7"]);
    expect(r.diagnostics.join("\n")).not.toContain("hunter2");
    expect(r.config.timezone).toBeUndefined();
    expect(r.config.confidence).toBeUndefined();
  });

  it("an unknown key is still a warning with a suggestion", () => {
    const r = config("timezon: UTC\n");
    expect(r.diagnostics).toEqual([expect.stringMatching(/^CX2005@0: .*Did you mean 'timezone'\?/)]);
  });
});

describe("names that are Object.prototype members", () => {
  it("are ordinary names in declarations, properties, columns and imports", () => {
    const text = [
      "source constructor {",
      '  file: "x.csv"',
      "  columns { __proto__: text  toString: integer  hasOwnProperty: text }",
      "  __proto__: 1",
      "  constructor: 2",
      "}",
      "metric toString { value: count(constructor where __proto__ == \"x\") valueOf: 3 }",
      "metric hasOwnProperty { value: toString }",
      "metric __proto__ { value: 1 }",
      "",
    ].join("\n");
    const mem = new MemoryHost({ "/ws/a.cx": text, "/ws/x.csv": "__proto__,toString,hasOwnProperty\nx,1,y\n" });
    const ws = loadWorkspace({ root: "/ws", inputs: ["/ws/a.cx"], host: mem });
    expect([...ws.symbols.keys()].sort()).toEqual(["__proto__", "constructor", "hasOwnProperty", "toString"]);
    expect(ws.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      expect.stringMatching(/^CX2005: Unknown property '__proto__' for a source/),
      expect.stringMatching(/^CX2005: Unknown property 'constructor' for a source/),
      expect.stringMatching(/^CX2005: Unknown property 'valueOf' for a metric/),
    ]);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
  });
});
