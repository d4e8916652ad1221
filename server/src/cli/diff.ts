// `cx diff` — the host side: reads the two versions of a workspace (a git revision against the
// working tree, or two directories), evaluates the crossed definitions and data (see
// core/diff.ts), and hands the results to the pure core.
//
// Reading a git revision: `git ls-tree -r` lists the revision's files; the workspace root's subtree
// (plus every .cx and cx.yaml of the revision, for imports outside the root) is written to a
// temporary directory with `git cat-file --batch` — no checkout, the working tree is untouched.
// Evaluating old definitions on new data (and new on old) uses an overlay host: the workspace
// is placed in the data's tree, and `readText` (which the core uses only for .cx files and
// cx.yaml) reads the definitions' tree instead.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ColumnMemory, FileStat, Host } from "../core/host";
import { NodeHost } from "../node/host";
import { DataCache } from "../core/data/reader";
import { run, type RunResult } from "../core/engine";
import { readConfig } from "../core/semantics/workspace";
import { diffWorkspaces, type DataFileChange, type DiffVersion, type WorkspaceDiff } from "../core/diff";
import { applyConfidence } from "../core/stats";
import { discover, type Discovered } from "../node/discover";
import { escapeControls } from "../core/escape";
import { fileError } from "./io";

export class DiffUsageError extends Error {}

const posix = path.posix;
const toPosix = (p: string) => p.split(path.sep).join("/");

/** A directory holding one version of the files: the working tree, a directory, or a revision written to a temporary directory. */
export interface Tree {
  /** Absolute, "/" separators. Paths inside it map to the same relative path in another tree. */
  root: string;
  /** The directory report paths are relative to (the current directory's counterpart). */
  cwd: string;
}

export function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/** The counterpart of `p` (absolute) in another tree; paths outside `from` stay as they are. */
export function mapPath(p: string, from: Tree, to: Tree): string {
  if (!inside(p, from.root)) return p;
  const rel = posix.relative(from.root, p);
  return rel ? posix.join(to.root, rel) : to.root;
}

/**
 * Host for "definitions of one tree on the data of another": the workspace lives in the data's
 * tree; .cx and cx.yaml texts (the core reads nothing else with readText) come from the
 * definitions' tree.
 */
export class OverlayHost implements Host {
  private readonly disk = new NodeHost();
  constructor(
    private readonly defs: Tree,
    private readonly data: Tree,
  ) {}
  readText(p: string): string | undefined {
    return this.disk.readText(inside(p, this.data.root) ? mapPath(p, this.data, this.defs) : p);
  }
  stat(p: string): FileStat | undefined {
    return this.disk.stat(p);
  }
  realpath(p: string): string | undefined {
    return this.disk.realpath(p);
  }
  glob(pattern: string): string[] {
    return this.disk.glob(pattern);
  }
  readChunks(p: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    return this.disk.readChunks(p, signal);
  }
  get memory(): ColumnMemory | undefined {
    return this.disk.memory;
  }
  isUtf8(bytes: Uint8Array): boolean {
    return this.disk.isUtf8(bytes);
  }
}

// ------------------------------------------------------------------ git

function git(args: string[], cwd: string, input?: string): Buffer {
  const r = spawnSync("git", args, { cwd, input, maxBuffer: 2 ** 31 - 1 });
  if (r.error) throw new DiffUsageError(`cannot run git: ${r.error.message}`);
  if (r.status !== 0) throw new DiffUsageError(`git ${args[0]} failed: ${r.stderr.toString().trim() || `exit status ${r.status}`}`);
  return r.stdout;
}

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

/** Every file of `rev` (paths relative to the repository's top level). */
function lsTree(rev: string, top: string): TreeEntry[] {
  const out = git(["ls-tree", "-r", "-z", "--full-tree", rev], top).toString("utf8");
  return out
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, sha] = line.slice(0, tab).split(" ");
      return { mode, type, sha, path: line.slice(tab + 1) };
    });
}

/** Writes the blobs of `entries` below `dest` with one `git cat-file --batch`. */
function writeBlobs(entries: TreeEntry[], top: string, dest: string): void {
  if (!entries.length) return;
  const out = git(["cat-file", "--batch"], top, entries.map((e) => e.sha).join("\n") + "\n");
  let pos = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString("utf8").split(" ");
    if (header[1] !== "blob") throw new DiffUsageError(`git cat-file: unexpected object for ${e.path}: ${header.join(" ")}`);
    const size = Number(header[2]);
    const content = out.subarray(nl + 1, nl + 1 + size);
    pos = nl + 1 + size + 1;
    const file = path.join(dest, ...e.path.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    if (e.mode === "120000") {
      try {
        symlinkSync(content.toString("utf8"), file);
      } catch {
        /* a link that cannot be made is left out, like a missing file */
      }
    } else writeFileSync(file, content);
  }
}

/** A new temporary directory for a revision's files; FileError (one line, exit 2) when it cannot be made. */
function tempDir(): string {
  try {
    return toPosix(mkdtempSync(path.join(os.tmpdir(), "cx-diff-")));
  } catch (err) {
    throw fileError("write", os.tmpdir(), err);
  }
}

function inRoot(p: string, rootRel: string): boolean {
  return rootRel === "" || p === rootRel || p.startsWith(rootRel + "/");
}

const isDefinition = (p: string) => p.endsWith(".cx") || posix.basename(p) === "cx.yaml";

/** Writes the workspace of `rev` (the subtree of `rootRel`, and every .cx and cx.yaml) to a temporary directory. */
function checkoutToTemp(rev: string, top: string, rootRel: string): string {
  const dest = tempDir();
  const entries = lsTree(rev, top).filter((e) => e.type === "blob" && (inRoot(e.path, rootRel) || isDefinition(e.path)));
  writeBlobs(entries, top, dest);
  return dest;
}

/**
 * Writes the head revision's workspace to a temporary directory: first every .cx and cx.yaml (to
 * find the workspace root the way `cx eval` would in that revision), then the rest of the root's
 * subtree (its data).
 */
function checkoutHead(rev: string, top: string, cwd: string, work: Tree, inputs: string[], cleanup: string[]): Version {
  const dest = tempDir();
  cleanup.push(dest);
  const entries = lsTree(rev, top).filter((e) => e.type === "blob");
  writeBlobs(entries.filter((e) => isDefinition(e.path)), top, dest);
  const tree: Tree = { root: dest, cwd: mapPath(cwd, work, { root: dest, cwd: dest }) };
  mkdirSync(tree.cwd, { recursive: true });
  const version = discoverIn(tree, inputs.map((p) => mapPath(p, work, tree)));
  const rootRel = posix.relative(dest, version.found.root);
  writeBlobs(entries.filter((e) => !isDefinition(e.path) && inRoot(e.path, rootRel)), top, dest);
  return version;
}

// ------------------------------------------------------------------ versions

interface Version {
  tree: Tree;
  found: Discovered;
}

/** The version whose inputs are `inputs` (absolute, in `tree`), discovered the way `cx eval` does. */
function discoverIn(tree: Tree, inputs: string[]): Version {
  const existing = inputs.filter((p) => existsSync(p));
  if (!existing.length) return { tree, found: { root: tree.cwd, files: [], missing: [] } };
  const found = discover(existing, tree.cwd);
  // cx.yaml above the tree (e.g. in the temporary directory's parents) is not part of this version.
  if (found.configFile && !inside(found.configFile, tree.root)) {
    const firstDir = existing.find((p) => statSync(p).isDirectory());
    return { tree, found: { ...found, configFile: undefined, root: toPosix(firstDir ?? path.dirname(existing[0])) } };
  }
  return { tree, found };
}

export interface DiffOptions {
  cwd: string;
  today: string;
  /** git mode: the base revision; PATHs are in the working tree (or in the head revision). */
  base?: string;
  /** git mode: the head revision (default: the working tree). */
  head?: string;
  paths: string[];
  /** directory mode: OLD_DIR and NEW_DIR. */
  dirs?: [string, string];
  asOf?: string;
  confidence?: number;
}

export interface DiffRun {
  diff: WorkspaceDiff;
  /** Reports of the new definitions on the new data, and the old on the new. */
  after: RunResult;
  before: RunResult;
}

export async function runDiff(opts: DiffOptions): Promise<DiffRun> {
  const cwd = toPosix(opts.cwd);
  const cleanup: string[] = [];
  try {
    let oldV: Version;
    let newV: Version;
    let baseLabel: string;
    let headLabel: string;
    if (opts.dirs) {
      const [a, b] = opts.dirs.map((d) => toPosix(path.resolve(cwd, d)));
      for (const [d, given] of [[a, opts.dirs[0]], [b, opts.dirs[1]]]) {
        if (!existsSync(d) || !statSync(d).isDirectory()) throw new DiffUsageError(`not a directory: ${given}`);
      }
      oldV = discoverIn({ root: a, cwd: a }, [a]);
      newV = discoverIn({ root: b, cwd: b }, [b]);
      if (!oldV.found.files.length && !newV.found.files.length) throw new DiffUsageError(`no .cx files found in ${opts.dirs.join(" or ")}`);
      [baseLabel, headLabel] = opts.dirs;
    } else {
      const rev = opts.base!;
      const top = toPosix(git(["rev-parse", "--show-toplevel"], cwd).toString("utf8").trim());
      const verify = (r: string) => {
        const commit = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${r}^{commit}`], { cwd: top });
        if (commit.status !== 0) throw new DiffUsageError(`unknown git revision '${escapeControls(r)}'`);
        return commit.stdout.toString().trim();
      };
      const baseCommit = verify(rev);
      const work: Tree = { root: top, cwd };
      const inputs = (opts.paths.length ? opts.paths : ["."]).map((p) => toPosix(path.resolve(cwd, p)));
      const outside = inputs.find((p) => !inside(p, top));
      if (outside) throw new DiffUsageError(`${escapeControls(outside)} is outside the git repository ${escapeControls(top)}`);
      if (opts.head === undefined) {
        const missing = inputs.filter((p) => !existsSync(p));
        if (missing.length === inputs.length) {
          // `cx diff --base A B`: B is probably meant as a revision.
          const given = opts.paths.length ? opts.paths : ["."];
          const rev2 = given.length === 1 && spawnSync("git", ["rev-parse", "--verify", "--quiet", `${given[0]}^{commit}`], { cwd: top }).status === 0;
          throw new DiffUsageError(`no such file or directory: ${given.map((p) => escapeControls(p)).join(", ")}${rev2 ? ` (to compare with the revision ${escapeControls(given[0])}, write --head ${escapeControls(given[0])})` : ""}`);
        }
        newV = discoverIn(work, inputs);
        headLabel = "working tree";
      } else {
        newV = checkoutHead(verify(opts.head), top, cwd, work, inputs, cleanup);
        headLabel = opts.head;
      }
      const tmp = checkoutToTemp(baseCommit, top, posix.relative(newV.tree.root, newV.found.root));
      cleanup.push(tmp);
      const old: Tree = { root: tmp, cwd: mapPath(cwd, work, { root: tmp, cwd: tmp }) };
      mkdirSync(old.cwd, { recursive: true });
      oldV = discoverIn(old, inputs.map((p) => mapPath(p, work, old)));
      if (!oldV.found.files.length && !newV.found.files.length) throw new DiffUsageError(`no .cx files found in ${opts.paths.length ? opts.paths.map((p) => escapeControls(p)).join(", ") : "the current directory"}`);
      baseLabel = rev;
    }

    // One as-of date for every evaluation: --as-of, else the new (then old) cx.yaml's, else today.
    const disk = new NodeHost();
    const configAsOf = (v: Version) => (v.found.configFile ? readConfig(v.found.configFile, disk, []).asOf : undefined);
    const asOf = opts.asOf ?? configAsOf(newV) ?? configAsOf(oldV) ?? opts.today;

    const caches = new Map<string, DataCache>();
    const evaluate = async (defs: Version, data: Tree): Promise<RunResult> => {
      const host = defs.tree.root === data.root ? disk : new OverlayHost(defs.tree, data);
      let cache = caches.get(data.root);
      if (!cache) caches.set(data.root, (cache = new DataCache(disk)));
      const m = (p: string) => mapPath(p, defs.tree, data);
      const result = await run({
        mode: "eval",
        root: m(defs.found.root),
        inputs: defs.found.files.map(m),
        configFile: defs.found.configFile ? m(defs.found.configFile) : undefined,
        host,
        cache,
        asOf,
        today: opts.today,
        relativeTo: data.cwd,
      });
      if (opts.confidence !== undefined) applyConfidence(result.report, opts.confidence);
      return result;
    };

    const after = await evaluate(newV, newV.tree);
    const before = await evaluate(oldV, newV.tree);
    const dataFiles = compareData([after, before], oldV.tree, newV.tree, newV.tree.cwd);
    let base: RunResult | undefined;
    let newOnOld: RunResult | undefined;
    if (dataFiles.length) {
      base = await evaluate(oldV, oldV.tree);
      newOnOld = await evaluate(newV, oldV.tree);
    }
    // Both analyses ran in the new tree (the overlay placed the old definitions there), so one
    // relative path function serves both.
    const version = (r: RunResult): DiffVersion => ({ model: r.analysis.model, rel: (p) => posix.relative(newV.tree.cwd, p) || "." });
    const diff = diffWorkspaces({
      baseLabel,
      headLabel,
      asOf,
      old: version(before),
      new: version(after),
      reports: { base: base?.report, before: before.report, after: after.report, newOnOld: newOnOld?.report },
      dataFiles,
    });
    return { diff, after, before };
  } finally {
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ data comparison

function fileHash(p: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(p, "r");
  } catch {
    return undefined;
  }
  try {
    const h = createHash("sha256");
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
    return h.digest("hex");
  } finally {
    closeSync(fd);
  }
}

/**
 * Data files that differ between the trees: every file a source of either evaluation reads in
 * the new tree, and every file the same `file:` patterns match in the old tree.
 */
function compareData(results: RunResult[], oldTree: Tree, newTree: Tree, cwd: string): DataFileChange[] {
  const disk = new NodeHost();
  const rels = new Set<string>();
  for (const r of results) {
    for (const s of r.analysis.model.sources.values()) {
      for (const f of s.files) if (inside(f, newTree.root)) rels.add(posix.relative(newTree.root, f));
      if (!s.pattern || /^[a-z][a-z0-9+.-]*:\/\//i.test(s.pattern)) continue;
      const abs = posix.resolve(posix.dirname(s.sym.file.path), s.pattern);
      if (!inside(abs, newTree.root)) continue;
      for (const f of disk.glob(mapPath(abs, newTree, oldTree))) if (inside(f, oldTree.root)) rels.add(posix.relative(oldTree.root, f));
    }
  }
  const out: DataFileChange[] = [];
  for (const rel of [...rels].sort()) {
    const a = posix.join(oldTree.root, rel);
    const b = posix.join(newTree.root, rel);
    const ea = existsSync(a);
    const eb = existsSync(b);
    const file = posix.relative(cwd, b) || rel;
    if (ea && !eb) out.push({ file, change: "removed" });
    else if (!ea && eb) out.push({ file, change: "added" });
    else if (ea && eb && (statSync(a).size !== statSync(b).size || fileHash(a) !== fileHash(b))) out.push({ file, change: "modified" });
  }
  return out;
}
