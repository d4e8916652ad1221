// An in-memory Host for unit tests.
//
//   const host = new MemoryHost({ "/ws/main.cx": "…", "/ws/data/a.csv": "a,b\n1,2\n" });
//   const host = new MemoryHost(files, { chunkSize: 3 });        // readChunks in 3-byte chunks
//   const host = new MemoryHost(files, { reuseChunks: true });   // chunks share one buffer, like NodeHost
//   host.set("/ws/data/a.csv", "…");   // replace (bumps mtime)      host.delete(path)
//   host.symlink("/ws/link", "/elsewhere");                          // realpath follows it
//   host.onChunk = (path, i) => { … };   // called before each chunk of a read (change files mid-read)
//   readSource(path) decodes .cx bytes and locates invalid UTF-8 (as NodeHost does).
//
// Directories exist implicitly (every parent of a file). Paths are absolute with "/".
// `reads` counts readChunks calls per path (for cache tests).

import { decodeSource, type FileStat, type Host, type SourceText } from "../../server/src/core/host";
import { matchGlob } from "../../server/src/core/data/glob";

export interface MemoryHostOptions {
  /** Size of the chunks readChunks yields (default: the whole file in one chunk). */
  chunkSize?: number;
  /** Yield chunks that are views of one reused buffer (as NodeHost does). */
  reuseChunks?: boolean;
}

/** Called before each chunk of a read is yielded (index from 0): tests change files in the middle of a read. */
export type ChunkHook = (path: string, index: number) => void;

const encoder = new TextEncoder();

export class MemoryHost implements Host {
  private files = new Map<string, { bytes: Uint8Array; mtimeMs: number }>();
  private links = new Map<string, string>();
  private clock = 1_000;
  readonly reads = new Map<string, number>();
  chunkSize: number | undefined;
  reuseChunks: boolean;
  onChunk: ChunkHook | undefined;

  constructor(files: Record<string, string | Uint8Array> = {}, options: MemoryHostOptions = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
    this.chunkSize = options.chunkSize;
    this.reuseChunks = options.reuseChunks ?? false;
  }

  set(path: string, content: string | Uint8Array): void {
    const bytes = typeof content === "string" ? encoder.encode(content) : content;
    this.files.set(path, { bytes, mtimeMs: ++this.clock });
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  /** Makes `path` a symbolic link to `target` (a file or directory path). */
  symlink(path: string, target: string): void {
    this.links.set(path, target);
  }

  /** Resolves symbolic links in every prefix of the path. */
  private resolve(path: string): string {
    const parts = path.split("/").filter(Boolean);
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      out += "/" + parts[i];
      let guard = 0;
      while (this.links.has(out) && guard++ < 40) out = this.links.get(out)!;
    }
    return out || "/";
  }

  private isDir(path: string): boolean {
    const prefix = path.endsWith("/") ? path : path + "/";
    for (const p of this.files.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  readText(path: string): string | undefined {
    const f = this.files.get(this.resolve(path));
    return f ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(f.bytes) : undefined;
  }

  readSource(path: string): SourceText | undefined {
    const f = this.files.get(this.resolve(path));
    return f ? decodeSource(f.bytes) : undefined;
  }

  stat(path: string): FileStat | undefined {
    const real = this.resolve(path);
    const f = this.files.get(real);
    if (f) return { size: f.bytes.length, mtimeMs: f.mtimeMs, isDirectory: false };
    if (this.isDir(real)) return { size: 0, mtimeMs: 0, isDirectory: true };
    return undefined;
  }

  realpath(path: string): string | undefined {
    const real = this.resolve(path);
    return this.files.has(real) || this.isDir(real) ? real : undefined;
  }

  /** Files (and links to files) matching the pattern, sorted. */
  glob(pattern: string): string[] {
    const candidates = new Set<string>([...this.files.keys(), ...[...this.links.keys()].filter((l) => this.files.has(this.resolve(l)))]);
    // Files below linked directories appear under the link's path too.
    for (const [link, target] of this.links) {
      const prefix = target.endsWith("/") ? target : target + "/";
      for (const p of this.files.keys()) if (p.startsWith(prefix)) candidates.add(link + "/" + p.slice(prefix.length));
    }
    return [...candidates].filter((p) => matchGlob(pattern, p)).sort();
  }

  async *readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    signal?.throwIfAborted();
    const f = this.files.get(this.resolve(path));
    if (!f) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    const bytes = f.bytes;
    const size = Math.max(1, this.chunkSize ?? bytes.length);
    const shared = this.reuseChunks ? new Uint8Array(size) : undefined;
    for (let i = 0, n = 0; i < bytes.length; i += size, n++) {
      signal?.throwIfAborted();
      await Promise.resolve();
      this.onChunk?.(path, n);
      const piece = bytes.subarray(i, Math.min(i + size, bytes.length));
      if (shared) {
        shared.fill(0xaa); // stale bytes would show if a consumer kept an old chunk
        shared.set(piece);
        yield shared.subarray(0, piece.length);
      } else yield piece.slice();
    }
  }
}
