// Measures ops/s: warm-up, then several timed rounds; reports the median round. Async functions are
// awaited one call at a time (that is how a request handler calls them).
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

export async function opsPerSecond(fn, { rounds = QUICK ? 2 : 7, roundMs = QUICK ? 50 : 400 } = {}) {
  const isAsync = fn() instanceof Promise;
  // Calls between two looks at the clock. A quick run looks after every few calls: with 1000, a round of a
  // 10,000-player sync (6 ms a call) took 6 s instead of 50 ms, and the quick run spent 50 s there.
  const batch = QUICK ? (isAsync ? 1 : 10) : isAsync ? 100 : 1000;
  const runFor = async (ms) => {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      if (isAsync) for (let i = 0; i < batch; i++) await fn();
      else for (let i = 0; i < batch; i++) fn();
      calls += batch;
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    return (calls / elapsed) * 1000;
  };
  await runFor(QUICK ? 50 : 500);
  const results = [];
  for (let r = 0; r < rounds; r++) results.push(await runFor(roundMs));
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

/** Prints one result line as JSON for the parent process to collect. */
export function report(result) {
  console.log(JSON.stringify(result));
}
