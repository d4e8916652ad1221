// The read worker (dist/readWorker.js, started by server/src/node/parallel.ts): parses one part of a
// CSV file — the file's header bytes, then a byte range — with the core's reader
// (core/data/parallel.ts readPart) and posts the columns back, their typed arrays transferred.

import * as fs from "node:fs";
import { isUtf8 } from "node:buffer";
import { parentPort } from "node:worker_threads";
import { readPart, type PartJob, type PartResult } from "../core/data/parallel";

const CHUNK = 1 << 20;

/** The bytes of [start, end) ranges of a file, in chunks of up to 1 MiB (fresh buffers: the parser copies anyway). */
async function* ranges(path: string, list: [number, number][]): AsyncIterable<Uint8Array> {
  const handle = await fs.promises.open(path, "r");
  try {
    for (const [start, end] of list) {
      let at = start;
      while (at < end) {
        const buf = new Uint8Array(Math.min(CHUNK, end - at));
        const { bytesRead } = await handle.read(buf, 0, buf.length, at);
        if (bytesRead === 0) return;
        at += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    }
  } finally {
    await handle.close();
  }
}

function transferables(r: PartResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>([r.columns.rowLines.buffer as ArrayBuffer]);
  for (const c of r.columns.columns) {
    if (!c) continue;
    for (const a of [c.values, c.codes, c.dictBytes, c.dictEnds]) if (a) out.add(a.buffer as ArrayBuffer);
  }
  return [...out];
}

parentPort?.on("message", async (m: { id: number; job: PartJob }) => {
  try {
    const { job } = m;
    const result = await readPart(job, ranges(job.path, [[0, job.headerEnd], [job.start, job.end]]), isUtf8);
    parentPort!.postMessage({ id: m.id, result }, transferables(result));
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
