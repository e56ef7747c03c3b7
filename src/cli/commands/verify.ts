import { createReadStream } from 'node:fs';
import { NotificationError, isNotificationError } from '../../lib/errors.js';
import { verifyPayPerViewSync } from '../../kinds/pay-per-view/verify.js';
import { parsePlaybackAuthorizationRequest } from '../../kinds/playback-authorization/parse.js';
import { parsePublishControlRequest } from '../../kinds/publish-control/parse.js';
import { verifyNotification } from '../../kinds/server-status/verify.js';
import { verifyStreamNotification } from '../../kinds/stream/verify.js';
import { KINDS, kindOf, streamJson } from '../kinds.js';
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
    kind: { type: 'string', value: KINDS.join('|'), description: 'what it is (default status)' },
    token: TOKEN_OPTION,
    'max-age': { type: 'string', value: 'SECONDS', description: 'status, stream: how old it may be (default 3600)' },
    file: { type: 'string', value: 'FILE', description: 'read this file instead of stdin' },
  },
  async run(values, io) {
    const kind = kindOf(values);
    // The authorization requests are unsigned: nothing to verify them with, only their shape.
    const token = kind === 'publish' || kind === 'playback' ? '' : tokenOf(values, io);
    const maxAgeSeconds = secondsOf(values, 'max-age');
    if (maxAgeSeconds !== undefined && kind !== 'status' && kind !== 'stream') throw new UsageError(`--max-age does not apply to --kind ${kind}, which carries no time`);
    const file = values.file as string | undefined;
    try {
      const body = await readInput(file, io);
      const options = { token, ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }) };
      let read: unknown;
      if (kind === 'publish') read = parsePublishControlRequest(body);
      else if (kind === 'playback') {
        const { raw: _raw, ...request } = parsePlaybackAuthorizationRequest(body);
        read = request;
      } else if (kind === 'ppv') {
        const { id, players } = verifyPayPerViewSync(body, { token });
        read = { id, players };
      } else if (kind === 'stream') read = streamJson(verifyStreamNotification(body, options));
      else {
        const notification = verifyNotification(body, options);
        read = { ...notification, date: notification.date.toISOString() };
      }
      io.out(JSON.stringify(read, null, 2));
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
