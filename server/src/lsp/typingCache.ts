// The data cache seen by analyses on the typing path: scans are served stale-while-revalidate.
// When a data file has changed on disk, the analysis after a keystroke uses the source's previous
// scan at once while the new scan runs in the background (in the shared DataCache); when it is
// done, `rescanned` asks for a fresh analysis. Only the very first scan of a source is waited for.
// Reads (evaluation) go straight to the shared cache.
import { DataCache, type ReadResult, type ScanResult, type SourceSpec } from "../core/data/reader";
import type { ColumnType } from "../core/data/table";
import type { Host } from "../core/host";

export class TypingCache extends DataCache {
  private readonly known = new Map<string, { stamp: string; result: ScanResult }>();
  private readonly pending = new Map<string, Promise<ScanResult>>();

  constructor(
    private readonly files: Host,
    private readonly shared: DataCache,
    /** Called with a source's files when a background rescan has finished. */
    private readonly rescanned: (files: string[]) => void,
  ) {
    super(files);
  }

  override read(spec: SourceSpec, needed: Map<string, ColumnType>, signal?: AbortSignal): Promise<ReadResult> {
    return this.shared.read(spec, needed, signal);
  }

  override scan(spec: SourceSpec, signal?: AbortSignal): Promise<ScanResult> {
    const key = JSON.stringify([spec.name, spec.format, spec.delimiter, spec.files, spec.declared ? [...spec.declared] : null]);
    const stamp = this.stampOf(spec.files);
    const known = this.known.get(key);
    if (known && known.stamp === stamp) return Promise.resolve(known.result);
    let p = this.pending.get(key);
    if (!p) {
      // Not tied to the caller's signal: the scan finishes for the next analysis even if this one is cancelled.
      p = this.shared.scan(spec).then((result) => {
        this.known.set(key, { stamp, result });
        return result;
      });
      const settle = () => this.pending.delete(key);
      p.then(settle, settle);
      this.pending.set(key, p);
      if (known) p.then(() => this.rescanned(spec.files), () => undefined);
    }
    if (known) return Promise.resolve(known.result);
    if (!signal) return p;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(Object.assign(new Error("scan cancelled"), { name: "AbortError" }));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      p!.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Forgets the shared cache's data of `path`; scans of it here are served stale until rescanned. */
  override invalidate(path?: string): void {
    this.shared.invalidate(path);
    for (const [key, entry] of this.known) if (path === undefined || key.includes(JSON.stringify(path))) entry.stamp = "stale";
  }

  private stampOf(files: string[]): string {
    return files
      .map((f) => {
        const s = this.files.stat(f);
        return s ? `${s.size}:${s.mtimeMs}` : "-";
      })
      .join("|");
  }
}
