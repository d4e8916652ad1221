// Finding the workspace on disk (cli.md "PATH", language reference §2): inputs → .cx files,
// the workspace root and cx.yaml. Host-side code: it touches the file system.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { matchGlob } from "../core/data/glob";

export interface Discovered {
  root: string;
  configFile?: string;
  files: string[];
  /** Inputs that do not exist (usage error). */
  missing: string[];
}

const toPosix = (p: string) => p.split(path.sep).join("/");

/** Every *.cx under `dir`, skipping node_modules and dot-directories, sorted. */
export function findCxFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".cx")) out.push(toPosix(p));
    }
  };
  walk(dir);
  return out.sort();
}

export function findConfig(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, "cx.yaml");
    if (existsSync(candidate)) return toPosix(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readInclude(configFile: string): string[] | undefined {
  try {
    const doc = parseDocument(readFileSync(configFile, "utf8"));
    const inc = (doc.toJS() as { include?: unknown } | null)?.include;
    if (typeof inc === "string") return [inc];
    if (Array.isArray(inc) && inc.every((x) => typeof x === "string")) return inc as string[];
  } catch {
    /* reported by the core as a cx.yaml diagnostic */
  }
  return undefined;
}

/**
 * Resolves command-line PATHs. Directories are searched recursively for *.cx; when cx.yaml has
 * `include`, the .cx files found under the root are those matching its globs (relative to the root).
 */
export function discover(inputs: string[], cwd: string): Discovered {
  const paths = (inputs.length ? inputs : ["."]).map((p) => path.resolve(cwd, p));
  const missing = paths.filter((p) => !existsSync(p)).map((p) => path.relative(cwd, p) || ".");
  const existing = paths.filter((p) => existsSync(p));
  const first = existing[0] ?? path.resolve(cwd);
  const firstIsDir = existsSync(first) && statSync(first).isDirectory();
  const configFile = findConfig(firstIsDir ? first : path.dirname(first));
  const firstDir = existing.find((p) => statSync(p).isDirectory());
  const root = toPosix(configFile ? path.dirname(configFile) : firstDir ?? path.dirname(first));
  const include = configFile ? readInclude(configFile) : undefined;
  const files = new Set<string>();
  for (const p of existing) {
    if (statSync(p).isDirectory()) {
      let found = findCxFiles(p);
      if (include) {
        found = found.filter((f) => {
          const rel = path.posix.relative(root, f);
          return rel.startsWith("..") || include.some((g) => matchGlob(g, rel));
        });
      }
      for (const f of found) files.add(f);
    } else files.add(toPosix(p));
  }
  return { root, configFile, files: [...files].sort(), missing };
}
