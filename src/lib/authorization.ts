import { misuse } from './misuse.js';

/**
 * How long an authorization callback (publish control, playback) may take by default: a publisher or a
 * viewer waits for the answer, so much less than the notifications' 30 s.
 */
export const AUTHORIZATION_HANDLER_TIMEOUT_MS = 5_000;

/**
 * The option the authorization kinds (publish control, playback authorization) share.
 *
 * @example
 * ```ts
 * import type { AuthorizationOptions } from 'wmspanel-notifications';
 *
 * const options: AuthorizationOptions = { failureDecision: 'allow' };
 * ```
 */
export interface AuthorizationOptions {
  /**
   * What the callback's failure answers (it threw, rejected, returned something else, or timed out):
   * `'deny'` (the default) refuses, `'allow'` lets the publisher publish or the viewer play. Either way the
   * answer is a 200 with a decision, and `onError` is told.
   */
  failureDecision?: 'deny' | 'allow';
}

/** `options.failureDecision`: whether a failed or timed-out authorization callback allows; deny by default. */
export function readFailureDecision(options: AuthorizationOptions): boolean {
  const { failureDecision = 'deny' } = options;
  if (failureDecision !== 'deny' && failureDecision !== 'allow') throw misuse("options.failureDecision must be 'deny' or 'allow'");
  return failureDecision === 'allow';
}
