// `npm test`: every check of the package, as a graph of npm scripts run two at a time where nothing orders
// them, which keeps both cores of a small machine busy (the run is bound by its CPU time: see
// docs/performance.md, "The test run"). Each step's output is printed whole when it ends, then a table of
// the steps' wall and CPU times.
//
//   npm test                          everything (what .ci/run runs)
//   WMSPANEL_TEST_JOBS=1 npm test     one step at a time (the default is 2: with 3, the steps took 20% more
//                                     CPU between them on 2 cores, and the run 130 s instead of 112 s)
//   WMSPANEL_TEST_ALLOW_MISSING=chromium,redis-server npm test
//                                     run without Chromium or redis-server: their tests are skipped
//   npm test -- lint typecheck        only these steps (what they come after is taken as done: after a
//                                     change to src/, `npm test -- build test:unit`, since the CLI tests
//                                     run dist/)
//   WMSPANEL_TEST_STEP_TIMEOUT_SECONDS a step still running after this long (default 900) is stopped, failed
//   node scripts/test.mjs --plan      check the machine, print the steps, run none
//
// A missing Chromium or redis-server stops the run before it starts, with the command that installs them
// (scripts/system-packages.mjs), when a step to run needs it. A failed step stops new steps from starting;
// the running ones finish, so every failure is shown, and the run exits 1.
import { spawn } from 'node:child_process';
import { ALLOW_MISSING_VARIABLE, installCommand, missingSystemPackages } from './system-packages.mjs';

/**
 * name: the npm script; after: the steps it comes after; needs: the system packages its tests use
 * (scripts/system-packages.mjs). Listed longest first: a free slot takes the first step that is ready.
 */
export const STEPS = [
  { name: 'build' },
  { name: 'test:unit', after: ['build'], needs: ['redis-server'] },
  { name: 'test:runtimes', after: ['build'], needs: ['chromium'] },
  { name: 'docs' },
  { name: 'lint' },
  { name: 'check:package', after: ['build'] },
  { name: 'bench:smoke', after: ['build'], needs: ['redis-server'] },
  { name: 'typecheck' },
  { name: 'check:docs', after: ['build'] },
];

// Steps named on the command line run alone (what they come after is taken as done): `npm test -- lint typecheck`.
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = named.filter((name) => !STEPS.some((step) => step.name === name));
if (unknown.length > 0) {
  console.error(`no step named ${unknown.join(', ')}; the steps: ${STEPS.map((step) => step.name).join(', ')}`);
  process.exit(2);
}
const selected = named.length === 0 ? STEPS : STEPS.filter((step) => named.includes(step.name)).map((step) => ({ ...step, after: (step.after ?? []).filter((name) => named.includes(name)) }));

const jobs = Number(process.env.WMSPANEL_TEST_JOBS ?? 2);
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error(`WMSPANEL_TEST_JOBS must be a whole number of at least 1, not ${JSON.stringify(process.env.WMSPANEL_TEST_JOBS)}`);
  process.exit(2);
}

const STEP_TIMEOUT_MS = Number(process.env.WMSPANEL_TEST_STEP_TIMEOUT_SECONDS ?? 900) * 1000;
// setTimeout fires at once for more than 2^31 - 1 ms (about 24.8 days).
if (!(STEP_TIMEOUT_MS > 0 && STEP_TIMEOUT_MS <= 2 ** 31 - 1)) {
  console.error(`WMSPANEL_TEST_STEP_TIMEOUT_SECONDS must be a positive number of seconds, at most 2147483, not ${JSON.stringify(process.env.WMSPANEL_TEST_STEP_TIMEOUT_SECONDS)}`);
  process.exit(2);
}

const needed = new Set(selected.flatMap((step) => step.needs ?? []));
const missing = missingSystemPackages().filter((entry) => needed.has(entry.name));
const refused = missing.filter((entry) => !entry.allowed).map((entry) => entry.name);
if (refused.length > 0) {
  console.error(
    `npm test needs ${refused.join(' and ')} (Debian packages; .ci/run installs them). Install with:\n\n  ${installCommand(refused)}\n\n` +
      `or run without their tests: ${ALLOW_MISSING_VARIABLE}=${refused.join(',')} npm test`,
  );
  process.exit(1);
}
for (const { name } of missing) console.error(`*** ${name} is missing and ${ALLOW_MISSING_VARIABLE} allows it: the tests that need it are SKIPPED ***`);
if (process.argv.includes('--plan')) {
  for (const step of selected) console.log(`${step.name}${step.after?.length ? ` (after ${step.after.join(', ')})` : ''}`);
  process.exit(0);
}

const LINUX = process.platform === 'linux';
const WINDOWS = process.platform === 'win32';

/** Ends a step's process group (SIGTERM, then SIGKILL after 5 s). */
function stop(child) {
  const signal = (name) => {
    try {
      if (WINDOWS) child.kill(name);
      else process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  setTimeout(() => signal('SIGKILL'), 5000).unref();
}

// Stopped itself (Ctrl-C, a CI timeout): start no step, stop every running step's processes (SIGKILL for
// what outlives SIGTERM by 5 s), and once they are gone end with the signal's exit code. A second signal
// ends the runner at once.
let interrupted = 0;
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(name, () => {
    interrupted = 128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[name];
    for (const child of running) stop(child);
    console.error(`\nnpm test: ${name}, the running steps are being stopped`);
  });
}
const CPU_MARK = '@@wmspanel-test-cpu ';
/** Clock ticks a second (USER_HZ): 100 on every Linux this runs on. */
const TICKS = 100;

const started = performance.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const state = new Map(selected.map((step) => [step.name, { status: 'waiting' }]));
const running = new Set();
/** No step starts once one has failed or the runner was signalled. */
const stopping = () => interrupted !== 0 || [...state.values()].some((entry) => entry.status === 'failed');

function run(step) {
  const entry = state.get(step.name);
  entry.status = 'running';
  entry.start = performance.now();
  console.log(`▶ ${step.name}`);
  const env = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') };
  // On Linux, through a shell that prints its children's CPU time (/proc/self/stat: cutime and cstime, in
  // clock ticks, every process of the step that was waited for) on a line of its own after the step.
  // Each step in a process group of its own (detached), so that a timeout or a signal to this runner ends
  // every process of the step (vitest's workers, servers, redis-server) and nothing is left behind.
  const options = { stdio: ['ignore', 'pipe', 'pipe'], env, detached: !WINDOWS };
  const child = LINUX
    ? spawn('sh', ['-c', `npm run --silent ${step.name}; code=$?; echo; echo "${CPU_MARK}$(cut -d' ' -f16,17 /proc/$$/stat)"; exit $code`], options)
    : spawn('npm', ['run', '--silent', step.name], { ...options, shell: WINDOWS });
  running.add(child);
  const timer = setTimeout(() => {
    entry.timedOut = true;
    stop(child);
  }, STEP_TIMEOUT_MS);
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      entry.ms = performance.now() - entry.start;
      entry.status = code === 0 ? 'passed' : 'failed';
      let text = Buffer.concat(output).toString('utf8');
      const cpu = text.lastIndexOf(CPU_MARK);
      if (cpu !== -1) {
        const [user, system] = text.slice(cpu + CPU_MARK.length).trim().split(' ').map(Number);
        if (Number.isFinite(user) && Number.isFinite(system)) entry.cpuMs = ((user + system) * 1000) / TICKS;
        text = text.slice(0, cpu);
      }
      text = text.trimEnd();
      const mark = code === 0 ? '✓' : '✗';
      const why = entry.timedOut ? `: stopped after ${seconds(STEP_TIMEOUT_MS)} (WMSPANEL_TEST_STEP_TIMEOUT_SECONDS)` : code === 0 ? '' : `: exited ${signal ?? code}`;
      console.log(`\n${mark} ${step.name} (${seconds(entry.ms)})${why}\n${text}\n`);
      resolve();
    });
  });
}

const ready = (step) => state.get(step.name).status === 'waiting' && (step.after ?? []).every((name) => state.get(name).status === 'passed');

await new Promise((resolve) => {
  const next = () => {
    if (!stopping()) {
      for (const step of selected) {
        if (running.size >= jobs) break;
        if (ready(step)) void run(step).then(next);
      }
    }
    if (running.size === 0) resolve();
  };
  next();
});

const width = Math.max(...selected.map((step) => step.name.length));
const cpuTotal = [...state.values()].reduce((sum, entry) => sum + (entry.cpuMs ?? 0), 0);
console.log(`npm test: ${seconds(performance.now() - started)} in all, ${jobs} steps at a time${cpuTotal > 0 ? `, ${seconds(cpuTotal)} of CPU` : ''}`);
for (const step of selected) {
  const { status, ms, cpuMs } = state.get(step.name);
  const times = ms === undefined ? '' : `${seconds(ms).padStart(7)}${cpuMs === undefined ? '' : `  ${seconds(cpuMs).padStart(7)} CPU`}`;
  console.log(`  ${step.name.padEnd(width)}  ${status === 'waiting' ? 'not run' : status.padEnd(6)}  ${times}`);
}
if (interrupted) process.exitCode = interrupted;
else if ([...state.values()].some((entry) => entry.status !== 'passed')) process.exitCode = 1;
