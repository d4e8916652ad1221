// The language server's Host: the file system (NodeHost), with the text of open documents laid
// over it, so the core analyses what the user sees, saved or not.
import type { FileStat, Host, SourceText } from "../core/host";

export class OverlayHost implements Host {
  /** Open documents' text by path. */
  private readonly texts = new Map<string, string>();

  constructor(private readonly disk: Host) {}

  set(path: string, text: string): void {
    this.texts.set(path, text);
  }

  delete(path: string): void {
    this.texts.delete(path);
  }

  isOpen(path: string): boolean {
    return this.texts.has(path);
  }

  readText(path: string): string | undefined {
    return this.texts.get(path) ?? this.disk.readText(path);
  }

  /**
   * A .cx file with its UTF-8 validity: an open document is text already (the editor decoded it);
   * a closed file is read from disk as bytes, so that invalid UTF-8 is CX1003 at the first invalid byte.
   */
  readSource(path: string): SourceText | undefined {
    const open = this.texts.get(path);
    if (open !== undefined) return { text: open };
    if (this.disk.readSource) return this.disk.readSource(path);
    const text = this.disk.readText(path);
    return text === undefined ? undefined : { text };
  }

  stat(path: string): FileStat | undefined {
    const s = this.disk.stat(path);
    if (s) return s;
    const t = this.texts.get(path);
    return t === undefined ? undefined : { size: t.length, mtimeMs: 0, isDirectory: false };
  }

  realpath(path: string): string | undefined {
    return this.disk.realpath(path) ?? (this.texts.has(path) ? path : undefined);
  }

  glob(pattern: string): string[] {
    return this.disk.glob(pattern);
  }

  readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    return this.disk.readChunks(path, signal);
  }

  get isUtf8(): ((bytes: Uint8Array) => boolean) | undefined {
    const disk = this.disk;
    return disk.isUtf8 && ((bytes) => disk.isUtf8!(bytes));
  }
}
