// Measures ops/s: warm-up, then several timed rounds; reports the median round. Async functions are
// awaited one call at a time (that is how a request handler calls them).
//
// Three modes: a full run; --quick (short rounds, figures meaningless, no targets); --smoke (what `npm test`
// runs: every subject called once or a few times, only to prove the benchmark runs; implies --quick).
export const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
export const QUICK = SMOKE || process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
/** The flag a child process of the benchmark is given, so that it runs in the same mode. */
export const MODE_FLAGS = SMOKE ? ['--smoke'] : QUICK ? ['--quick'] : [];

export async function opsPerSecond(fn, { rounds = SMOKE ? 1 : QUICK ? 2 : 7, roundMs = SMOKE ? 0 : QUICK ? 50 : 400 } = {}) {
  const isAsync = fn() instanceof Promise;
  // Calls between two looks at the clock. A quick run looks after every few calls: with 1000, a round of a
  // 10,000-player sync (6 ms a call) took 6 s instead of 50 ms, and the quick run spent 50 s there. A smoke
  // run makes one call a round (a round of 0 ms still runs one batch).
  const batch = SMOKE ? 1 : QUICK ? (isAsync ? 1 : 10) : isAsync ? 100 : 1000;
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
  await runFor(SMOKE ? 0 : QUICK ? 50 : 500);
  const results = [];
  for (let r = 0; r < rounds; r++) results.push(await runFor(roundMs));
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

/** Prints one result line as JSON for the parent process to collect. */
export function report(result) {
  console.log(JSON.stringify(result));
}
