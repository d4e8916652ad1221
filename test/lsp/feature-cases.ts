// Data-driven cases for the core's editor features (test/unit/features-*.test.ts).
//
// A case is test/fixtures/features/KIND/NAME.cx with its expectations in NAME.json (keyed by
// marker name), or a directory KIND/NAME/ with .cx files and expect.json. Cursor positions are
// `<|name|>` markers in the .cx text (any file the case reads, imports included — e.g.
// ../common/shop.cx); markers are removed before analysis. Every case is its own workspace whose
// root is test/fixtures/features, evaluated as of 2026-06-30, so `value` hovers, inlay hints and
// code lenses see real numbers from test/fixtures/features/data.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataCache } from "../../server/src/core/data/reader";
import { run, type RunResult } from "../../server/src/core/engine";
import { sampleDerived, type FeatureContext, type SourceData } from "../../server/src/core/features/index";
import { sourceSpec } from "../../server/src/core/analyze";
import { UTC } from "../../server/src/core/time/zone";
import type { FileStat, Host } from "../../server/src/core/host";
import type { WorkspaceFile } from "../../server/src/core/semantics/workspace";
import { NodeHost } from "../../server/src/node/host";
import { stripMarkers, type Pos } from "./fixtures";

export const FEATURES = join(__dirname, "../fixtures/features").split("\\").join("/");

/** NodeHost that strips markers from .cx files and remembers where they were. */
class MarkerHost implements Host {
  readonly markers = new Map<string, { path: string; position: Pos }>();
  private readonly disk = new NodeHost();
  readText(path: string): string | undefined {
    const raw = this.disk.readText(path);
    if (raw === undefined || !path.endsWith(".cx")) return raw;
    const { text, markers } = stripMarkers(raw, path.slice(FEATURES.length + 1));
    for (const m of markers) this.markers.set(m.name, { path, position: m.position });
    return text;
  }
  stat(path: string): FileStat | undefined {
    return this.disk.stat(path);
  }
  realpath(path: string): string | undefined {
    return this.disk.realpath(path);
  }
  glob(pattern: string): string[] {
    return this.disk.glob(pattern);
  }
  readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    return this.disk.readChunks(path, signal);
  }
}

export interface FeatureCase<E> {
  name: string;
  /** The case's main file (the first .cx file of a directory case). */
  path: string;
  ctx: FeatureContext;
  run: RunResult;
  expect: E;
  file(path?: string): WorkspaceFile;
  marker(name: string): { path: string; position: Pos };
  /** Text of a range of a file of the case. */
  slice(path: string, range: { start: Pos; end: Pos }): string;
}

export function caseNames(kind: string): string[] {
  const dir = join(FEATURES, kind);
  return readdirSync(dir)
    .filter((n) => (n.endsWith(".cx") && !n.endsWith(".expected.cx")) || (statSync(join(dir, n)).isDirectory() && existsSync(join(dir, n, "expect.json"))))
    .map((n) => n.replace(/\.cx$/, ""))
    .sort();
}

export async function loadCase<E>(kind: string, name: string, opts: { evaluate?: boolean } = {}): Promise<FeatureCase<E>> {
  const dir = join(FEATURES, kind).split("\\").join("/");
  const isDir = existsSync(join(dir, name)) && statSync(join(dir, name)).isDirectory();
  const inputs = isDir ? readdirSync(join(dir, name)).filter((f) => f.endsWith(".cx")).sort().map((f) => `${dir}/${name}/${f}`) : [`${dir}/${name}.cx`];
  const expectFile = isDir ? join(dir, name, "expect.json") : join(dir, `${name}.json`);
  const expectation = existsSync(expectFile) ? (JSON.parse(readFileSync(expectFile, "utf8")) as E) : ({} as E);
  const host = new MarkerHost();
  const cache = new DataCache(host);
  const result = await run({
    mode: opts.evaluate === false ? "check" : "eval",
    root: FEATURES,
    inputs,
    host,
    cache,
    asOf: "2026-06-30",
    today: "2026-06-30",
    relativeTo: FEATURES,
  });
  const model = result.analysis.model;
  const data = new Map<string, SourceData>();
  for (const s of model.sources.values()) {
    if (!s.files.length) continue;
    const scan = await cache.scan(sourceSpec(s, UTC));
    data.set(s.name, {
      columns: scan.schema.columns,
      inferred: scan.schema.inferred,
      rowCount: scan.rowCount,
      stats: new Map([...scan.stats].map(([c, st]) => [c, { nulls: st.nulls, samples: st.distinctSamples, min: st.min, max: st.max }])),
      headerLine: readFileSync(s.files[0], "utf8").split(/\r?\n/, 1)[0],
      values: scan.distinctValues,
    });
  }
  // Sample values of derived columns, as the language server's worker computes them after an evaluation.
  const derivedSamples = await sampleDerived(model, cache, { zone: UTC, asOf: "2026-06-30" });
  const ctx: FeatureContext = { model, evaluation: result.result, data, derivedSamples, files: model.workspace.files.map((f) => f.path) };
  const c: FeatureCase<E> = {
    name,
    path: inputs[0],
    ctx,
    run: result,
    expect: expectation,
    file(path = inputs[0]) {
      const f = model.workspace.fileMap.get(path);
      if (!f) throw new Error(`${path} is not part of case ${kind}/${name}`);
      return f;
    },
    marker(m: string) {
      const found = host.markers.get(m);
      if (!found) throw new Error(`no marker '${m}' in case ${kind}/${name}`);
      return found;
    },
    slice(path, range) {
      const f = c.file(path);
      return f.parse.text.slice(f.parse.lines.offsetAt(range.start), f.parse.lines.offsetAt(range.end));
    },
  };
  return c;
}
