// Telling the application what went wrong: its onError hook, or one redacted line on console.error.
import { isNotificationError, type NotificationError } from '../errors.js';
import type { Received } from '../kind.js';
import { isThenable } from './replay.js';
import type { ErrorInfoOf } from './result.js';

/** One line for `console.error`, with every token replaced: user errors can carry anything. */
export function describeFailure(error: unknown, about: string, tokens: readonly string[]): string {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // The cause chain, three deep: under the package's own wrapper (HANDLER_FAILED) is the handler's error,
    // and under that, often, what really failed (ECONNREFUSED).
    let cause = error instanceof Error ? error.cause : undefined;
    let depth = 0;
    for (; depth < 3 && cause !== undefined; depth++) {
      text += ` (cause: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`;
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    text += ')'.repeat(depth);
  } catch {
    text = 'an error that cannot be described';
  }
  let line = `wmspanel-notifications: notification handling failed${about}: ${text}`.replace(/\s*[\r\n]+\s*/g, ' ');
  for (const token of tokens) line = line.split(token).join('[token]');
  return line;
}

/**
 * The reporter of one receiver. Every report is a NotificationError, so that onError can read `code`
 * without a cast: a refusal as it is, a failure with what failed as its `cause`. `describe` says who a log
 * line is about (the verified request, by its kind).
 */
export function createReporter(
  onError: ((error: NotificationError, info: ErrorInfoOf<Received>) => unknown) | undefined,
  tokens: readonly string[],
  describe: (info: ErrorInfoOf<Received>) => string,
): (error: NotificationError, info: ErrorInfoOf<Received>) => void {
  return (error, info) => {
    try {
      if (onError !== undefined) {
        const reported: unknown = onError(error, info);
        // An async hook that rejects (a log shipper that is down) must not become an unhandled rejection.
        if (isThenable(reported)) reported.then(undefined, () => undefined);
      } else if (!(isNotificationError(error) && error.status < 500)) {
        // The one log line of the package: a failure nobody is told of is a notification silently lost.
        // eslint-disable-next-line no-console
        console.error(describeFailure(error, describe(info), tokens));
      }
    } catch {
      // A logging hook that throws must not change the answer.
    }
  };
}
