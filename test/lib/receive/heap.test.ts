// Heap growth of the receive step under failing handlings, measured in a fresh Node process with
// --expose-gc on a bundle of src/ (so it always measures the code under test, never a stale dist/).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useBundledFixture } from '../../fixtures/bundle.js';

const heap = useBundledFixture(new URL('../../fixtures/heap/measure.ts', import.meta.url), 'heap');

function measure(scenario: string, rounds: number): { growthBytes: number; handlerCalls: number } {
  const output = execFileSync(process.execPath, ['--expose-gc', heap.path(), scenario, String(rounds)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { growthBytes: number; handlerCalls: number };
}

describe('heap growth of the receive step with the default memory replay store', () => {
  it('stays under 5 MB over 200,000 failing handlings of one notification, behind a live entry', () => {
    const result = measure('failing', 200_000);
    // 200,000 measured and 10,000 in the warm-up.
    expect(result.handlerCalls).toBe(210_000);
    expect(result.growthBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('stays under 5 MB over 200,000 deliveries of one captured notification re-labelled to a server the handler rejects', () => {
    const result = measure('relabelled', 200_000);
    // The bound per time: 100 pairs for one time. The kept notification took the first place, so the
    // 210,000 deliveries under other server names ran the (failing) handler 99 times.
    expect(result.handlerCalls).toBe(99);
    expect(result.growthBytes).toBeLessThan(5 * 1024 * 1024);
  });
});
