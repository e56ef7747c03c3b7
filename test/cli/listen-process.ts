// `listen` as a process, for the tests that need one (its output lines, signals, its inspector): started,
// and resolved once it has said where it listens (and, with --inspect, where its page is).
import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';

/** A listen process: where it listens, its inspector's URL (with --inspect), its exit, its output so far. */
export interface ListenProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  inspector: string | undefined;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/**
 * Starts `command args` (a listen command line), adds the child to `children` (for the test's cleanup) and
 * resolves once stderr names where it listens, and its inspector when `args` has --inspect.
 */
export async function startListen(command: string, args: string[], options: SpawnOptionsWithoutStdio, children: ChildProcessWithoutNullStreams[]): Promise<ListenProcess> {
  const child = spawn(command, args, options);
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const inspecting = args.includes('--inspect');
  const [url, inspector] = await new Promise<[string, string | undefined]>((resolve, reject) => {
    child.stderr.on('data', () => {
      const listening = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      const page = /inspector on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (listening !== undefined && (page !== undefined || !inspecting)) resolve([listening, page]);
    });
    child.on('exit', (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
  });
  return { child, url, inspector, exited, output: () => ({ stdout, stderr }) };
}
