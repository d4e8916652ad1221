// Hostile input (issue 9, item 10): generated and mutated .cx workspaces (test/support/fuzz.ts)
// through parse → format → format → analyze (→ evaluate), with a fixed seed. No exception may
// escape, no input may take grossly long (more than 5 s means a hang or worse, not slowness), and
// the heap must not keep growing. `npm run fuzz` runs the same generator for longer.
import { describe, expect, it } from "vitest";
import { checkInput, generateInputs, inputKinds, loadCorpus } from "../support/fuzz";

const SEED = 20261202;
const COUNT = 2500;
const HANG_MS = 5000;

describe("fuzz", () => {
  it(`${COUNT} generated inputs: no exception, no hang, bounded heap`, async () => {
    const corpus = loadCorpus();
    expect(corpus.length).toBeGreaterThan(20);
    const inputs = generateInputs(SEED, corpus);
    const byKind = new Map<string, number>();
    const slow: string[] = [];
    const heap: number[] = [];
    let formatted = 0;
    for (let i = 0; i < COUNT; i++) {
      const input = inputs.next().value!;
      const r = await checkInput(input);
      byKind.set(input.kind, (byKind.get(input.kind) ?? 0) + 1);
      if (r.formatted) formatted++;
      if (r.ms > HANG_MS) slow.push(`#${i} ${input.kind}: ${Math.round(r.ms)} ms`);
      if (i % 250 === 0) heap.push(process.memoryUsage().heapUsed);
    }
    expect(slow).toEqual([]);
    // every kind ran, and some inputs were good enough to format
    for (const k of inputKinds()) expect(byKind.get(k.name) ?? 0, k.name).toBeGreaterThan(0);
    expect(formatted).toBeGreaterThan(COUNT / 20);
    // no leak: the heap after the run is within 300 MB of the heap early in it
    expect(heap[heap.length - 1] - heap[1]).toBeLessThan(300 * 1024 * 1024);
  });
});
