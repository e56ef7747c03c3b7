import { misuse } from './misuse.js';

/**
 * How long an authorization callback (publish control, playback) may take by default: a publisher or a
 * viewer waits for the answer, so much less than the notifications' 30 s.
 */
export const AUTHORIZATION_HANDLER_TIMEOUT_MS = 5_000;

/** `options.failureDecision`: whether a failed or timed-out authorization callback allows; deny by default. */
export function readFailureDecision(options: { failureDecision?: unknown }): boolean {
  const { failureDecision = 'deny' } = options;
  if (failureDecision !== 'deny' && failureDecision !== 'allow') throw misuse("options.failureDecision must be 'deny' or 'allow'");
  return failureDecision === 'allow';
}
