// V8's optimizing compiler for short runs (docs/performance.md, "CLI start-up"). Most runs of `cx`
// read little data and last a fraction of a second: then compiling hot functions with TurboFan
// costs more than it saves (a third of `cx check samples/retail`'s CPU time, measured). dist/cli.js
// therefore starts with TurboFan off and switches it on after 1 s in any case (cli/launch.ts:
// reads outside the host, long analyses); this module
// switches it on sooner, before a file of OPTIMIZE_AFTER_BYTES or more is read, or once the run
// has read that much, so that large data are read by optimized code as before.
import { setFlagsFromString } from "node:v8";
import type { ReadObserver } from "../node/host";

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
 * The host's ReadObserver that switches TurboFan on before a large file is read (the readers stat
 * every file before reading it: the sizes of a source's files size its columns), or once the run
 * has read OPTIMIZE_AFTER_BYTES in all.
 */
export function optimizeOnLargeReads(): ReadObserver {
  let bytes = 0;
  return {
    statted(size) {
      if (!optimizing && size >= OPTIMIZE_AFTER_BYTES) optimize();
    },
    read(n) {
      if (!optimizing && (bytes += n) >= OPTIMIZE_AFTER_BYTES) optimize();
    },
  };
}
