// The core's only window on the outside world. Hosts (CLI, language server, tests) implement it;
// the core never imports `fs`. Paths are absolute, with "/" separators.

export interface FileStat {
  size: number;
  mtimeMs: number;
  isDirectory: boolean;
}

export interface Host {
  /** Text of a .cx or cx.yaml file (the editor overlays open documents), or undefined if it cannot be read. */
  readText(path: string): string | undefined;
  stat(path: string): FileStat | undefined;
  /** Path with every symbolic link resolved, or undefined if it does not exist. */
  realpath(path: string): string | undefined;
  /** Files matching a glob pattern (absolute pattern, `*`, `?`, `**`, `[..]`, `{a,b}`), sorted by path. */
  glob(pattern: string): string[];
  /** The bytes of a data file, streamed in chunks (in order). Throws only for I/O failures. */
  readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array>;
}
