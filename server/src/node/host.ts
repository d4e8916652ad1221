// The core's Host on Node.js (CLI and language server): files through node:fs.
// Paths are absolute with "/" separators (on Windows: "C:/dir/file.csv").

import * as fs from "node:fs";
import { decodeSource, type FileStat, type Host, type SourceText } from "../core/host";
import { expandBraces, hasMagic, segmentRegExp, unescapeSegment } from "../core/data/glob";

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

export class NodeHost implements Host {
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

  stat(path: string): FileStat | undefined {
    try {
      const s = fs.statSync(path);
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
   * Files matching the pattern, sorted. Only the directories the pattern needs are read: the
   * literal segments are followed directly, a wildcard segment lists one directory, and `**`
   * walks the tree below. A symbolic link to a directory is followed by a wildcard or `**` only
   * if it resolves inside the pattern's literal base directory, and not into a directory that
   * is already on the current walk (so link cycles end). Links named literally are followed.
   * Symbolic links to files are listed (callers check confinement with realpath).
   */
  glob(pattern: string): string[] {
    const found = new Set<string>();
    for (const alt of expandBraces(toSlash(pattern))) {
      const m = /^([A-Za-z]:)?\//.exec(alt);
      if (!m) continue; // patterns are absolute
      const root = m[0];
      const segs = alt.slice(root.length).split("/").filter((s, i, all) => s !== "" || i === all.length - 1);
      // The literal base directory (for the symlink rule).
      let base = root;
      let i = 0;
      while (i < segs.length - 1 && !hasMagic(segs[i])) base = join(base, unescapeSegment(segs[i++]));
      const realBase = this.realpath(base);
      if (realBase === undefined) continue;
      new Walker(segs, realBase, found).walk(base, [realBase], i);
    }
    return [...found].sort();
  }

  /**
   * The file's bytes in chunks of up to 1 MiB. The chunks are views of two reused buffers: a chunk
   * is valid only until the next one is requested, so a consumer must copy what it keeps. The
   * next chunk is read while the consumer works on the current one.
   */
  async *readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    signal?.throwIfAborted();
    const handle = await fs.promises.open(path, "r");
    let pending: Promise<unknown> | undefined;
    try {
      let current = new Uint8Array(CHUNK_SIZE);
      let spare = new Uint8Array(CHUNK_SIZE);
      let next = handle.read(current, 0, CHUNK_SIZE, null);
      pending = next;
      for (;;) {
        signal?.throwIfAborted();
        const { bytesRead } = await next;
        if (bytesRead === 0) break;
        const chunk = current.subarray(0, bytesRead);
        [current, spare] = [spare, current];
        next = handle.read(current, 0, CHUNK_SIZE, null); // into the buffer the consumer is done with
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
  private regexps = new Map<string, RegExp>();

  constructor(
    private readonly segs: string[],
    private readonly realBase: string,
    private readonly found: Set<string>,
  ) {}

  private regexp(seg: string): RegExp {
    let r = this.regexps.get(seg);
    if (!r) this.regexps.set(seg, (r = segmentRegExp(seg)));
    return r;
  }

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
   * The real path of a directory that a wildcard may descend into, or undefined. `chain` holds
   * the real paths of the directories on the current walk, innermost last: a plain directory is
   * always entered; a link must resolve inside the base and not to a directory on the chain or
   * above one (a cycle).
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

  /** Matches segs[i..] below `dir`; chain[chain.length - 1] is dir's real path. */
  walk(dir: string, chain: string[], i: number): void {
    const segs = this.segs;
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (seg === "**") {
      if (!last) this.walk(dir, chain, i + 1); // zero directories
      for (const e of this.list(dir)) {
        if (e.name.startsWith(".")) continue;
        const path = join(dir, e.name);
        const kind = this.kind(path, e);
        if (kind === "file") {
          if (last) this.found.add(path);
        } else if (kind) {
          const real = this.enter(path, chain, e.name, kind);
          if (real !== undefined) this.walk(path, [...chain, real], i);
        }
      }
      return;
    }
    if (!hasMagic(seg)) {
      const name = unescapeSegment(seg);
      const path = join(dir, name);
      let s: fs.Stats;
      try {
        s = fs.statSync(path);
      } catch {
        return;
      }
      if (last) {
        if (s.isFile()) this.found.add(path);
      } else if (s.isDirectory()) {
        // Named literally: followed even if it is a link.
        let real = join(chain[chain.length - 1], name);
        try {
          if (fs.lstatSync(path).isSymbolicLink()) real = toSlash(fs.realpathSync(path));
        } catch {
          return;
        }
        this.walk(path, [...chain, real], i + 1);
      }
      return;
    }
    const re = this.regexp(seg);
    for (const e of this.list(dir)) {
      if (!re.test(e.name)) continue;
      const path = join(dir, e.name);
      const kind = this.kind(path, e);
      if (last) {
        if (kind === "file") this.found.add(path);
      } else if (kind && kind !== "file") {
        const real = this.enter(path, chain, e.name, kind);
        if (real !== undefined) this.walk(path, [...chain, real], i + 1);
      }
    }
  }
}
