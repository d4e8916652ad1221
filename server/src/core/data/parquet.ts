// The Parquet reader (engines.md §2): placeholder until implemented.
import type { Zone } from "../time/zone";
import { malformed, type FileCtx, type RecordSink } from "./sink";

export async function readParquet(ctx: FileCtx, chunks: AsyncIterable<Uint8Array>, sink: RecordSink, _zone: Zone, signal?: AbortSignal): Promise<void> {
  for await (const _ of chunks) signal?.throwIfAborted();
  sink.beginFile(ctx, { valueRange: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) });
  malformed(ctx, 1, 0, 0, "Parquet is not supported yet", "error");
}
