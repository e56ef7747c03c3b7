import { createReadStream } from 'node:fs';
import { NotificationError, isNotificationError } from '../../lib/errors.js';
import { DEFAULT_KIND, KINDS_HELP, KIND_VALUES, kindOf } from '../kinds/index.js';
import { TooLargeError, readAtMost } from '../read.js';
import { TOKEN_OPTION, UsageError, secondsOf, tokenOf, type CliIo, type Command } from '../shared.js';

/** The most `verify` reads: twice the largest body an adapter reads by default (a pay-per-view sync). */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * The body from --file or stdin as bytes (decoded by the parser, strictly, as the adapters do), at most
 * MAX_INPUT_BYTES. A file is streamed as stdin is, whatever its size claims: /dev/zero, a FIFO and
 * /dev/stdin all say 0.
 */
async function readInput(file: string | undefined, io: CliIo): Promise<Uint8Array> {
  if (file === undefined && io.stdin.isTTY === true) throw new UsageError('give a body on stdin or with --file');
  try {
    return await readAtMost(file === undefined ? io.stdin : createReadStream(file), MAX_INPUT_BYTES);
  } catch (error) {
    if (error instanceof TooLargeError) throw new NotificationError('BODY_TOO_LARGE', `The body is ${error.message}`);
    throw error;
  }
}

export const verify: Command = {
  name: 'verify',
  summary: 'check a body from stdin or --file',
  description: `Reads a body from --file or stdin (as bytes: strictly UTF-8, at most 16 MiB, as the adapters read).
Any file is read as stdin is, a FIFO or a device too: past 16 MiB it stops, BODY_TOO_LARGE.
Valid: prints it as JSON, exits 0. Invalid: prints "CODE: message" on stderr, exits 1.`,
  options: {
    kind: { type: 'string', value: KIND_VALUES, description: `what it is (default ${DEFAULT_KIND.name})` },
    token: TOKEN_OPTION,
    'max-age': { type: 'string', value: 'SECONDS', description: `${KINDS_HELP.timed}: how old it may be (default 3600)` },
    file: { type: 'string', value: 'FILE', description: 'read this file instead of stdin' },
  },
  async run(values, io) {
    const kind = kindOf(values);
    // An unsigned kind (an authorization request): nothing to verify it with, only its shape.
    const token = kind.spec.signed ? tokenOf(values, io) : '';
    const maxAgeSeconds = secondsOf(values, 'max-age');
    if (maxAgeSeconds !== undefined && !kind.timed) throw new UsageError(`--max-age does not apply to --kind ${kind.name}, which carries no time`);
    const file = values.file as string | undefined;
    try {
      const body = await readInput(file, io);
      const request = kind.verifier({ token, ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }) }).verify(body);
      io.out(JSON.stringify(kind.json(request), null, 2));
      return 0;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (isNotificationError(error)) {
        io.err(`${error.code}: ${error.message}`);
        return 1;
      }
      if ((error as NodeJS.ErrnoException).code !== undefined) throw new UsageError(`cannot read ${file ?? 'stdin'}: ${(error as NodeJS.ErrnoException).code}`);
      throw error;
    }
  },
};
