import { MAX_TEXT_FIELD_LENGTH } from '../../lib/fields.js';
import { md5Base64 } from '../../lib/md5.js';
import { misuse } from '../../lib/misuse.js';
import { describeTokenGiven } from '../../lib/options.js';
import { isSignedPartForm } from '../../lib/signed-pair.js';
import type { PayPerViewResponse } from './types.js';

/**
 * The `Solution` a pay-per-view answer carries for mutual authorization: Base64, with padding, of the raw
 * 16-byte MD5 of the UTF-8 bytes of `puzzle + token`. It proves the answer comes from someone who holds the
 * token; with "Enable mutual authorization" on, Nimble ignores a deny list without it. This is the raw
 * primitive, for any text: answer a sync with `createPayPerViewResponse`, which takes only a verified
 * sync's puzzle.
 *
 * @param puzzle - the sync's `Puzzle`
 * @param token - the token from the panel's API setup page
 * @example
 * ```ts
 * import { computeSolution } from 'wmspanel-notifications';
 *
 * computeSolution('e34b51a3-4018-4707-8afe-890409202ec8', 'my-token'); // 24 Base64 characters
 * ```
 */
export function computeSolution(puzzle: string, token: string): string {
  return md5Base64(puzzle, token);
}

/**
 * The ids of a deny list as strings, each once, in the order given: a TypeError for anything that is not
 * an iterable of non-empty strings or whole numbers (a bug of the caller's, not the network's).
 */
export function readDenyIds(deny: unknown, name: string): string[] {
  if (deny === undefined || deny === null) return [];
  if (typeof deny === 'string' || typeof (deny as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw misuse(`${name} must be an iterable of ids (an array or a Set of strings), not ${typeof deny === 'string' ? 'a string' : typeof deny}`);
  }
  const ids = new Set<string>();
  for (const id of deny as Iterable<unknown>) {
    if (typeof id === 'number' && Number.isSafeInteger(id)) ids.add(String(id));
    else if (typeof id === 'string' && id.length > 0 && id.length <= MAX_TEXT_FIELD_LENGTH) ids.add(id);
    else throw misuse(`${name} must hold non-empty strings of at most ${MAX_TEXT_FIELD_LENGTH} characters, or whole numbers`);
  }
  return [...ids];
}

/**
 * Options of `createPayPerViewResponse`.
 *
 * @example
 * ```ts
 * import type { PayPerViewResponseOptions } from 'wmspanel-notifications';
 *
 * const options: PayPerViewResponseOptions = { puzzle: sync.puzzle!, token: process.env.WMSPANEL_TOKEN!, deny: ['17'] };
 * ```
 */
export interface PayPerViewResponseOptions {
  /** The sync's `Puzzle`. */
  puzzle: string;
  /** The token the sync was signed with. */
  token: string;
  /** The viewer ids to cut off: any iterable of strings or whole numbers. Default: none. */
  deny?: Iterable<string | number> | undefined;
}

/**
 * The answer to a pay-per-view sync: `{"DenyList":{"ID":[...]},"Solution":"..."}`, ready for
 * `JSON.stringify`. Ids are written as strings (WMSPanel's schema), each once; the `Solution` is always
 * included, since Nimble ignores a deny list without one when mutual authorization is on. The adapters
 * answer this for you; use it in a handler of your own.
 *
 * @throws TypeError for a puzzle that is not a UUID (as a verified sync's always is: another would make the
 *   Solution a signature for a new request), a token that is not a non-empty string, or a deny list that is
 *   not an iterable of non-empty strings or whole numbers
 * @example
 * ```ts
 * import { createPayPerViewResponse, verifyPayPerViewSync } from 'wmspanel-notifications';
 *
 * const token = process.env.WMSPANEL_TOKEN!;
 * const sync = verifyPayPerViewSync(rawBody, { token });
 * const deny = sync.players.filter((player) => !hasPaid(player.id)).map((player) => player.id);
 * response.json(createPayPerViewResponse({ puzzle: sync.puzzle!, token, deny }));
 * ```
 */
export function createPayPerViewResponse(options: PayPerViewResponseOptions): PayPerViewResponse {
  if (typeof options !== 'object' || options === null) throw misuse('createPayPerViewResponse needs { puzzle, token, deny }');
  const { puzzle, token, deny } = options;
  if (typeof puzzle !== 'string' || puzzle === '') throw misuse('options.puzzle must be the sync\'s Puzzle, a non-empty string');
  // A Solution is MD5(puzzle + token): for a puzzle of another form (72 characters, say) it would be the
  // signature of a new ID + Puzzle. A verified sync's puzzle is always a UUID.
  if (!isSignedPartForm(puzzle)) throw misuse('options.puzzle must be the Puzzle of a verified sync (a UUID)');
  if (typeof token !== 'string' || token === '') throw misuse(`options.token must be a non-empty string; ${describeTokenGiven(token)}`);
  return { DenyList: { ID: readDenyIds(deny, 'options.deny') }, Solution: computeSolution(puzzle, token) };
}
