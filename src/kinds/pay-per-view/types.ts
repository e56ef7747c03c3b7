/**
 * One viewer session of a pay-per-view sync, with where it watches: the sync's
 * `VHost > Application > Instance > Stream > Player` tree flattened to one entry per player.
 *
 * @example
 * ```ts
 * import type { PayPerViewPlayer } from 'wmspanel-notifications';
 *
 * const where = (player: PayPerViewPlayer) => `${player.id} watches ${player.app}/${player.stream} from ${player.ip ?? '?'}`;
 * ```
 */
export interface PayPerViewPlayer {
  /** The viewer's id, from the `id=` of the signed player URL (`createPlayerSignature`); a number sent is kept as its digits. */
  id: string;
  /** The viewer's IP address; Nimble may leave it out. */
  ip?: string;
  /** The session's id (`sessionid`, Nimble). */
  sessionId?: string;
  /** The time watched since the previous sync, as sent (`delta`; the unit is not documented, milliseconds by the samples). */
  delta?: number;
  /** The bytes sent to this session (`bytes_sent`, Nimble). */
  bytesSent?: number;
  /** The player's user agents (`user_agents`, Nimble; may be left out). */
  userAgents?: string[];
  /** The virtual host: Wowza's (`_defaultVHost_`), or on Nimble the server's host name. */
  vhost: string;
  /** The application (`live`, `vod`). */
  app: string;
  /** The application instance (`_definst_`). */
  instance: string;
  /** The stream; it may contain `/` (`vodfile/smil:vod.smil`). */
  stream: string;
}

/**
 * A pay-per-view sync: what Nimble Streamer (or the Wowza agent) POSTs on a schedule, listing every player
 * session, as returned by `parsePayPerViewSync` and `verifyPayPerViewSync`.
 *
 * @example
 * ```ts
 * import { parsePayPerViewSync, type PayPerViewSync } from 'wmspanel-notifications';
 *
 * const sync: PayPerViewSync = parsePayPerViewSync(body);
 * const watching = new Set(sync.players.map((player) => player.id));
 * ```
 */
export interface PayPerViewSync {
  /** The request's `ID`: what the signature and the replay protection cover. */
  id: string;
  /** The request's `Puzzle`: the answer's `Solution` is made of it. Absent when the panel has no token set. */
  puzzle?: string;
  /** The request's `Signature`: Base64 of MD5(ID + Puzzle + token). Absent when the panel has no token set. */
  signature?: string;
  /** Every player session, in the order sent; empty when nobody watches (`"PayPerViewInfo":{}`). */
  players: PayPerViewPlayer[];
}

/**
 * What `onPayPerViewSync` returns: the viewer ids to cut off (or nothing, to deny nobody).
 *
 * @example
 * ```ts
 * import type { PayPerViewDecision } from 'wmspanel-notifications';
 *
 * const decision: PayPerViewDecision = { deny: new Set(['17', '42']) };
 * ```
 */
export interface PayPerViewDecision {
  /** The ids to deny: any iterable (an array, a `Set`, a generator) of strings, or of whole numbers. */
  deny?: Iterable<string | number>;
}

/**
 * The JSON body a pay-per-view handler answers a sync with, as `createPayPerViewResponse` makes it.
 *
 * @example
 * ```ts
 * import type { PayPerViewResponse } from 'wmspanel-notifications';
 *
 * const response: PayPerViewResponse = { DenyList: { ID: ['17'] }, Solution: '1zB7iuiiV+O/hoVa9dO3aQ==' };
 * ```
 */
export interface PayPerViewResponse {
  /** The ids to cut off, as strings (WMSPanel's schema), each once. */
  DenyList: {
    /** The ids. */
    ID: string[];
  };
  /**
   * Base64 of MD5(Puzzle + token): with "Enable mutual authorization" on, Nimble ignores a deny list
   * without it, so it is always sent.
   */
  Solution: string;
}
