// Heap growth of the receive step under failing handlings, measured in a fresh Node process with
// --expose-gc on a bundle of src/ (so it always measures the code under test, never a stale dist/). The
// two scenarios run in two processes at once, each measuring its own heap.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBundledFixture } from '../../fixtures/bundle.js';

const heap = useBundledFixture(new URL('../../fixtures/heap/measure.ts', import.meta.url), 'heap');

type Measured = { growthBytes: number; handlerCalls: number };

async function measure(scenario: string, rounds: number): Promise<Measured> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', heap.path(), scenario, String(rounds)], { encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
}

// Both started once the bundle is built; each test awaits its own.
const measured: Record<'failing' | 'relabelled', Promise<Measured>> = {} as never;
beforeAll(() => {
  for (const scenario of ['failing', 'relabelled'] as const) {
    measured[scenario] = measure(scenario, 200_000);
    // Awaited by its test; a failure is that test's, not an unhandled rejection meanwhile.
    measured[scenario].catch(() => undefined);
  }
});

describe('heap growth of the receive step with the default memory replay store', () => {
  it('stays under 5 MB over 200,000 failing handlings of one notification, behind a live entry', async () => {
    const result = await measured.failing;
    // 200,000 measured and 10,000 in the warm-up.
    expect(result.handlerCalls).toBe(210_000);
    expect(result.growthBytes).toBeLessThan(5 * 1024 * 1024);
  }, 60_000);

  it('stays under 5 MB over 200,000 deliveries of one captured notification re-labelled to a server the handler rejects', async () => {
    const result = await measured.relabelled;
    // The bound per time: 100 pairs for one time. The kept notification took the first place, so the
    // 210,000 deliveries under other server names ran the (failing) handler 99 times.
    expect(result.handlerCalls).toBe(99);
    expect(result.growthBytes).toBeLessThan(5 * 1024 * 1024);
  }, 60_000);
});
