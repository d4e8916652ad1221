// V8's optimizing compiler for short runs (docs/performance.md, "CLI start-up"). Most runs of `cx`
// read little data and last a fraction of a second: then compiling hot functions with TurboFan
// costs more than it saves (a third of `cx check samples/retail`'s CPU time, measured). dist/cli.js
// therefore starts with TurboFan off and switches it on after 1 s in any case (cli/launch.ts:
// reads outside the host, long analyses); this module
// switches it on sooner, before a file of OPTIMIZE_AFTER_BYTES or more is read, or once the run
// has read that much, so that large data are read by optimized code as before.
import { setFlagsFromString } from "node:v8";
import type { NodeHost } from "../node/host";

/** Data read before TurboFan is switched on (the retail sample has 1.2 MB). */
export const OPTIMIZE_AFTER_BYTES = 2 * 1024 * 1024;

let optimizing = false;

/** Switches TurboFan on (again); idempotent. */
export function optimize(): void {
  if (optimizing) return;
  optimizing = true;
  setFlagsFromString("--turbofan");
}

/**
 * Switches TurboFan on when `host` is about to read a large file (the readers stat every file
 * before reading it: the sizes of a source's files size its columns), or once it has read
 * OPTIMIZE_AFTER_BYTES in all.
 */
export function optimizeOnLargeReads(host: NodeHost): void {
  let bytes = 0;
  const stat = host.stat.bind(host);
  host.stat = (path: string) => {
    const s = stat(path);
    if (!optimizing && s && s.size >= OPTIMIZE_AFTER_BYTES) optimize();
    return s;
  };
  const readChunks = host.readChunks.bind(host);
  host.readChunks = async function* (path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    for await (const chunk of readChunks(path, signal)) {
      if (!optimizing && (bytes += chunk.length) >= OPTIMIZE_AFTER_BYTES) optimize();
      yield chunk;
    }
  };
}
