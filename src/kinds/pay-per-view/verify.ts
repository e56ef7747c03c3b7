// Imported for the {@link} tag in verifyPayPerViewSync's TSDoc.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { NotificationError } from '../../lib/errors.js';
import { invalid } from '../../lib/fields.js';
import type { KindVerifier } from '../../lib/kind.js';
import { misuse } from '../../lib/misuse.js';
import { readVerifySettings, type VerifySettings } from '../../lib/options.js';
import { preparedVerifier, type NotificationVerifier } from '../../lib/verifier.js';
import { DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES } from './limits.js';
import { assertSignedPair } from '../../lib/signed-pair.js';
import { readPayPerViewSyncValue } from './parse.js';
import { computeSolution, readDenyIds } from './response.js';
import type { PayPerViewSync } from './types.js';

/**
 * What `verifyPayPerViewSync` checks a sync against. The adapters take the same options.
 *
 * @example
 * ```ts
 * import type { VerifyPayPerViewSyncOptions } from 'wmspanel-notifications';
 *
 * const options: VerifyPayPerViewSyncOptions = { token: [process.env.WMSPANEL_TOKEN!, process.env.WMSPANEL_OLD_TOKEN!] };
 * ```
 */
export interface VerifyPayPerViewSyncOptions {
  /** The token from the panel's API setup page, or every token accepted while rotating. Required. */
  token: string | readonly string[];
  /**
   * The clock, in milliseconds since the epoch, like `Date.now` (the default). A sync carries no time, so
   * verification does not read it; the adapters time the replay window with it.
   */
  now?: () => number;
}

/** The sync's verification, and its answer signed with the token that signed the sync. */
export function createPayPerViewVerifier(settings: VerifySettings): KindVerifier<PayPerViewSync> {
  const { tokens } = settings;
  // The puzzle and the token that signed each verified sync: its answer's Solution is made of them (while
  // tokens rotate, the sender knows only one of them), whatever the handler does to the sync object. Weak,
  // so a sync the caller drops takes its entry along.
  const signedWith = new WeakMap<PayPerViewSync, { puzzle: string; token: string }>();
  /** The answer to a verified sync: the deny list (a JSON list of strings) and the Solution. */
  const bodyOf = (sync: PayPerViewSync, idsJson: string): string => {
    const signed = signedWith.get(sync);
    if (signed === undefined) throw new TypeError('This sync was not verified here');
    // Written by hand in the order of Softvelum's samples: DenyList, then Solution.
    return `{"DenyList":{"ID":${idsJson}},"Solution":${JSON.stringify(computeSolution(signed.puzzle, signed.token))}}`;
  };
  return {
    verify(value, parsedHere) {
      // The signature is settled on the sync's head, before its player tree is walked: a forged or
      // unsigned sync costs its decoding and no more.
      return readPayPerViewSyncValue(value, parsedHere, (sync) => {
        const token = assertSignedPair(sync, tokens);
        // assertSignedPair has checked that the puzzle is there.
        signedWith.set(sync, { puzzle: sync.puzzle!, token });
      });
    },
    decide(sync, returned) {
      let ids: string[] = [];
      if (returned !== undefined && returned !== null) {
        if (typeof returned !== 'object') throw misuse(`onPayPerViewSync must return { deny } or nothing, not ${typeof returned}`);
        // A bare list would otherwise read as "deny nobody": the mistake that cuts nobody off, silently.
        if (typeof (returned as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
          throw misuse('onPayPerViewSync must return { deny: ids }, not the list of ids itself');
        }
        ids = readDenyIds((returned as { deny?: unknown }).deny, 'The deny list onPayPerViewSync returned');
      }
      const decision = JSON.stringify(ids);
      return { body: bodyOf(sync, decision), decision };
    },
    answer(sync, kept) {
      if (kept === undefined) return bodyOf(sync, '[]');
      let ids: unknown;
      try {
        ids = JSON.parse(kept);
      } catch (cause) {
        throw invalid('The replay store kept an answer that is not JSON', cause);
      }
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw invalid('The replay store kept an answer that is not a list of ids');
      return bodyOf(sync, JSON.stringify(ids));
    },
  };
}

/**
 * Parses a pay-per-view sync and checks its `Signature` against the token(s): `INVALID_SIGNATURE` when it
 * is missing (a panel with no token set) or does not match. Returns the sync, its players flattened. The
 * signature is checked before the player tree is read, and covers `ID` and `Puzzle`, not the players: both
 * must be UUIDs, as Nimble sends them (`INVALID_NOTIFICATION` otherwise), the adapters catch replays by
 * `ID + Puzzle`, and the answer's `Solution` is what proves the answer to Nimble (see docs/pay-per-view.md).
 *
 * @param body - the raw body (string, bytes) or the object a body parser made of it
 * @throws {@link NotificationError} for anything wrong with the sync
 * @throws TypeError for a missing or empty token, or other invalid options
 * @example
 * ```ts
 * import { createPayPerViewResponse, verifyPayPerViewSync } from 'wmspanel-notifications';
 *
 * const token = process.env.WMSPANEL_TOKEN!;
 * const sync = verifyPayPerViewSync(rawBody, { token });
 * const deny = sync.players.filter((player) => player.delta !== undefined && overQuota(player.id, player.delta)).map((p) => p.id);
 * const answer = createPayPerViewResponse({ puzzle: sync.puzzle!, token, deny });
 * ```
 */
export function verifyPayPerViewSync(body: unknown, options: VerifyPayPerViewSyncOptions): PayPerViewSync {
  return createPayPerViewSyncVerifier(options).verify(body);
}

/**
 * Checks options once and returns a verifier of pay-per-view syncs: `verify(body)` does what
 * {@link verifyPayPerViewSync} does, without reading the options again. Give it to `verifyRequest` to
 * verify a Fetch `Request` (it reads up to `DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES` by default).
 *
 * @throws TypeError for a missing or empty token, or other invalid options
 * @example
 * ```ts
 * import { createPayPerViewResponse, createPayPerViewSyncVerifier } from 'wmspanel-notifications';
 *
 * const token = process.env.WMSPANEL_TOKEN!;
 * const verifier = createPayPerViewSyncVerifier({ token });
 * const sync = verifier.verify(rawBody);
 * const answer = createPayPerViewResponse({ puzzle: sync.puzzle!, token, deny: [] });
 * ```
 */
export function createPayPerViewSyncVerifier(options: VerifyPayPerViewSyncOptions): NotificationVerifier<'pay-per-view', PayPerViewSync> {
  return preparedVerifier('pay-per-view', createPayPerViewVerifier(readVerifySettings(options)), DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES);
}
