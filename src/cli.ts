// The `wmspanel-notifications` command, bound to this process: its arguments, streams and environment.
// Each command is a file of src/cli/commands/; src/cli/main.ts dispatches (and is what tests call).
import { main } from './cli/main.js';

// Once stdout's reader has gone (`listen | head -c1`), writes are dropped: the command goes on (a
// listener keeps answering) instead of dying of EPIPE.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') stdoutClosed = true;
  else throw error;
});

void main(process.argv.slice(2), {
  out: (line) => {
    if (!stdoutClosed) process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    process.stderr.write(`${line}\n`);
  },
  env: process.env,
  stdin: process.stdin,
}).then((code) => {
  process.exitCode = code;
});
