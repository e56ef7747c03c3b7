// The command in-process, for its tests: main(argv, io) with a captured I/O, fast and without a process
// per case.
import { main } from '../../src/cli/main.js';

export const TOKEN = 'cli-test-token';

/** Runs one command line in-process, as the process would (stdin given as text or bytes). */
export async function run(args: string[], { input, env = {} }: { input?: string | Uint8Array | undefined; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const bytes = input === undefined ? undefined : typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const stdin = {
    isTTY: bytes === undefined,
    async *[Symbol.asyncIterator]() {
      // In 64 KiB chunks, as a pipe delivers them.
      for (let at = 0; bytes !== undefined && at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
    },
  };
  const code = await main(args, { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`), env, stdin });
  return { code, stdout, stderr };
}
