// The core's Host on Node.js (CLI and language server): files through node:fs.
// Paths are absolute with "/" separators (on Windows: "C:/dir/file.csv").

import * as fs from "node:fs";
import { isUtf8 } from "node:buffer";
import { decodeSource, type FileStat, type Host, type SourceText } from "../core/host";
import { checkGlob, compileGlob, hasMagic, unescapeSegment, type Glob } from "../core/data/glob";
import { defaultWorkerFile, NodeParallelReader, parallelFromEnv, type ParallelOptions } from "./parallel";
import { NodeColumnMemory, prefaultFromEnv, WARM_MIN_BYTES } from "./memory";

/** Size of the read buffer for data files. */
const CHUNK_SIZE = 1 << 20;

const isWindows = process.platform === "win32";

function toSlash(p: string): string {
  return isWindows ? p.replace(/\\/g, "/") : p;
}

function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/** Told of the sizes of the files the host stats and of the bytes it reads (the CLI's tiering.ts). */
export interface ReadObserver {
  statted(size: number): void;
  read(bytes: number): void;
}

export class NodeHost implements Host {
  /**
   * Large CSV files are read on worker threads (./parallel.ts) unless CX_PARALLEL turns it off or
   * the worker script is not next to the bundle; `options.parallel` overrides the environment
   * (false: always serial).
   */
  readonly parallel?: NodeParallelReader;
  /**
   * Large columns in shared memory whose pages a helper thread faults in ahead of the reader
   * (./memory.ts), unless CX_PREFAULT=off; `options.memory` overrides the environment (false: plain
   * arrays, e.g. for commands that read no data).
   */
  readonly memory?: NodeColumnMemory;
  private readonly observer?: ReadObserver;

  constructor(options: { parallel?: ParallelOptions | false; observer?: ReadObserver; memory?: boolean | NodeColumnMemory } = {}) {
    const settings = options.parallel === false ? undefined : (options.parallel ?? parallelFromEnv());
    const workerFile = settings && (settings.workerFile ?? defaultWorkerFile());
    if (settings && workerFile) this.parallel = new NodeParallelReader({ ...settings, workerFile });
    if (options.memory instanceof NodeColumnMemory) this.memory = options.memory;
    else if (options.memory ?? prefaultFromEnv()) this.memory = new NodeColumnMemory();
    this.observer = options.observer;
  }

  readText(path: string): string | undefined {
    try {
      return fs.readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  }

  /** The .cx file's text with its UTF-8 validity (language-v2 §9.3). */
  readSource(path: string): SourceText | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path);
    } catch {
      return undefined;
    }
    return decodeSource(bytes);
  }

  /** Node's SIMD UTF-8 check (simdutf): validating a data file then costs ≈ 0.05 ms per MiB. */
  isUtf8(bytes: Uint8Array): boolean {
    return isUtf8(bytes);
  }

  stat(path: string): FileStat | undefined {
    try {
      const s = fs.statSync(path);
      this.observer?.statted(s.size);
      // (only CSV files are read in parts; a source may set `format: csv` on another name, then the workers start on the read.)
      if (this.parallel && s.size >= this.parallel.minBytes && s.isFile() && /\.(csv|tsv)$/i.test(path)) this.parallel.warm();
      if (this.memory && s.size >= WARM_MIN_BYTES && s.isFile()) this.memory.warm(path, s.size, s.mtimeMs);
      return { size: s.size, mtimeMs: s.mtimeMs, isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  realpath(path: string): string | undefined {
    try {
      return toSlash(fs.realpathSync(path));
    } catch {
      return undefined;
    }
  }

  /**
   * Files matching the pattern, sorted. The literal directories at the start of the pattern are
   * followed directly; below them the tree is walked with the pattern's automaton (core/data/glob),
   * its state set carried down the walk: a directory is entered only while the pattern can still
   * match below it, and braces are never expanded into separate patterns. A symbolic link to a
   * directory below the literal base is followed only if it resolves inside that base, and not
   * into a directory that is already on the current walk (so link cycles end); links in the
   * literal base are followed. Symbolic links to files are listed (callers check confinement with
   * realpath). A pattern past checkGlob's limits matches nothing.
   */
  glob(pattern: string): string[] {
    const found = new Set<string>();
    const p = toSlash(pattern);
    const m = /^([A-Za-z]:)?\//.exec(p);
    if (!m || checkGlob(p)) return []; // patterns are absolute
    const root = m[0];
    const segs = p.slice(root.length).split("/");
    // The literal base directory: whole segments without wildcards or braces (not the last).
    let base = root;
    let i = 0;
    while (i < segs.length - 1 && !hasMagic(segs[i]) && !segs[i].includes("{")) base = join(base, unescapeSegment(segs[i++]));
    const realBase = this.realpath(base);
    if (realBase === undefined) return [];
    const g = compileGlob(p);
    const states = g.step(g.initial(), base.endsWith("/") ? base : base + "/");
    if (states.length) new Walker(g, realBase, found).walk(base, [realBase], states);
    return [...found].sort();
  }

  /**
   * The file's bytes in chunks of up to 1 MiB. The chunks are views of two reused buffers: a chunk
   * is valid only until the next one is requested, so a consumer must copy what it keeps. The
   * next chunk is read while the consumer works on the current one. The buffers are as large as the
   * file (up to 1 MiB) and not zero-filled: a small file costs no 2 MiB of zeroed memory.
   */
  async *readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    signal?.throwIfAborted();
    const handle = await fs.promises.open(path, "r");
    let pending: Promise<unknown> | undefined;
    try {
      const size = Math.min(CHUNK_SIZE, Math.max(4096, (await handle.stat()).size));
      // Plain Uint8Arrays over uninitialised memory (a Buffer's slice() would not copy).
      const alloc = () => new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
      let current = alloc();
      let spare = alloc();
      let next = handle.read(current, 0, size, null);
      pending = next;
      for (;;) {
        signal?.throwIfAborted();
        const { bytesRead } = await next;
        if (bytesRead === 0) break;
        const chunk = current.subarray(0, bytesRead);
        this.observer?.read(bytesRead);
        [current, spare] = [spare, current];
        next = handle.read(current, 0, size, null); // into the buffer the consumer is done with
        pending = next;
        yield chunk;
      }
    } finally {
      await pending?.catch(() => undefined); // never close the file under a read in flight
      await handle.close();
    }
  }
}

class Walker {
  constructor(
    private readonly g: Glob,
    private readonly realBase: string,
    private readonly found: Set<string>,
  ) {}

  private list(dir: string): fs.Dirent[] {
    try {
      return fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  }

  private kind(path: string, entry: fs.Dirent): "file" | "dir" | "linkdir" | undefined {
    if (entry.isFile()) return "file";
    if (entry.isDirectory()) return "dir";
    if (entry.isSymbolicLink()) {
      try {
        const s = fs.statSync(path);
        return s.isFile() ? "file" : s.isDirectory() ? "linkdir" : undefined;
      } catch {
        return undefined; // a dangling link
      }
    }
    return undefined;
  }

  /**
   * The real path of a directory the walk may descend into, or undefined. `chain` holds the real
   * paths of the directories on the current walk, innermost last: a plain directory is always
   * entered; a link must resolve inside the base and not to a directory on the chain or above
   * one (a cycle).
   */
  private enter(path: string, chain: string[], name: string, kind: "dir" | "linkdir"): string | undefined {
    if (kind === "dir") return join(chain[chain.length - 1], name);
    let real: string;
    try {
      real = toSlash(fs.realpathSync(path));
    } catch {
      return undefined;
    }
    if (!isInside(real, this.realBase)) return undefined;
    if (chain.some((c) => isInside(c, real))) return undefined;
    return real;
  }

  /** Matches the entries below `dir` (whose path, with its "/", led to `states`); chain[chain.length - 1] is dir's real path. */
  walk(dir: string, chain: string[], states: number[]): void {
    const g = this.g;
    for (const e of this.list(dir)) {
      const after = g.step(states, e.name);
      if (after.length === 0) continue;
      const path = join(dir, e.name);
      const kind = this.kind(path, e);
      if (kind === "file") {
        if (g.accepts(after)) this.found.add(path);
      } else if (kind) {
        const below = g.step(after, "/", e.name.charCodeAt(e.name.length - 1));
        if (below.length === 0) continue;
        const real = this.enter(path, chain, e.name, kind);
        if (real !== undefined) this.walk(path, [...chain, real], below);
      }
    }
  }
}
