// Cursor markers in fixtures: `<|>` or `<|name|>` in .cx text marks a position. Markers are removed
// before the text is used; their positions (0-based line/character in the cleaned text) are kept
// by name (an unnamed marker is named after its file and order: "metrics.cx#0").
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export interface Pos {
  line: number;
  character: number;
}

export interface Marker {
  name: string;
  position: Pos;
}

const MARKER = /<\|([A-Za-z0-9_.-]*)\|?>/g;

export function stripMarkers(text: string, fileLabel = ""): { text: string; markers: Marker[] } {
  const markers: Marker[] = [];
  let out = "";
  let last = 0;
  let line = 0;
  let lineStart = 0;
  let unnamed = 0;
  const advance = (upto: string) => {
    for (let i = 0; i < upto.length; i++) {
      if (upto[i] === "\n") {
        line++;
        lineStart = out.length + i + 1;
      }
    }
  };
  let m: RegExpExecArray | null;
  MARKER.lastIndex = 0;
  while ((m = MARKER.exec(text))) {
    const chunk = text.slice(last, m.index);
    advance(chunk);
    out += chunk;
    const name = m[1] || `${fileLabel}#${unnamed++}`;
    markers.push({ name, position: { line, character: out.length - lineStart } });
    last = m.index + m[0].length;
  }
  const rest = text.slice(last);
  out += rest;
  return { text: out, markers };
}

export interface MarkedFile {
  path: string;
  text: string;
  markers: Marker[];
}

export interface FixtureCopy {
  dir: string;
  /** Every .cx file (cleaned), by path relative to the fixture. */
  files: Map<string, MarkedFile>;
  /** A marker by name: its file and position. */
  marker(name: string): { path: string; position: Pos };
}

/** Copies a fixture directory to a fresh temporary directory, removing markers from .cx files. */
export function copyFixture(src: string): FixtureCopy {
  const dir = mkdtempSync(join(tmpdir(), "cx-lsp-"));
  cpSync(src, dir, { recursive: true });
  const files = new Map<string, MarkedFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".cx")) {
        const rel = relative(dir, p).split("\\").join("/");
        const { text, markers } = stripMarkers(readFileSync(p, "utf8"), rel);
        writeFileSync(p, text);
        files.set(rel, { path: p.split("\\").join("/"), text, markers });
      }
    }
  };
  walk(dir);
  return {
    dir: dir.split("\\").join("/"),
    files,
    marker(name: string) {
      for (const f of files.values()) {
        const m = f.markers.find((x) => x.name === name);
        if (m) return { path: f.path, position: m.position };
      }
      throw new Error(`no marker '${name}' in fixture ${src}`);
    },
  };
}
