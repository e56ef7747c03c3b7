// What the shared machinery knows of a notification kind, and nothing more: the receive step, the replay
// stores, the bound per time and the adapters work on these values, never on a kind's fields. Nothing under
// src/lib/ imports a kind (a lint rule keeps it so): the kinds are handed in.
import { misuse } from './misuse.js';
import type { VerifySettings } from './options.js';
import type { ReplayStore } from './replay-store.js';

/** What a kind's callback learns besides the request: when it arrived, and how late it was when its time is known. */
export interface ReceivedInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
  /** How long after its time it arrived, in milliseconds; only for kinds that carry a time. */
  ageMs?: number;
}

/**
 * A notification kind: how to recognise, verify, key and answer one request of it. Each kind's folder
 * exports one; `Tag` is the folder's name (`'server-status'`), which every answer carries as `kind`.
 */
export interface KindSpec<Tag extends string, N, Options> {
  /** The kind's tag: the name of its folder, `'server-status'`, `'stream'`, ... */
  readonly kind: Tag;
  /** For log lines and errors: `server status`, `stream`. */
  readonly name: string;
  /** The name of its callback option (`onNotification`), for the messages of a misconfiguration. */
  readonly callback: string;
  /**
   * Whether it is signed with the token. An endpoint that receives only unsigned kinds (publish control,
   * playback authorization) needs no token.
   */
  readonly signed: boolean;
  /**
   * The default `handlerTimeoutMs` of its callback, when it must be shorter than the shared default (a
   * publisher or a viewer waits for the answer).
   */
  readonly defaultHandlerTimeoutMs?: number;
  /** The default `maxBodyBytes` of an endpoint that receives it, when it needs more than the shared default. */
  readonly defaultMaxBodyBytes?: number;
  /**
   * The top-level fields that identify a body of this kind (`['digest']`, `['PayPerViewInfo']`): a body is
   * given to the kind whose fields it has, however malformed the rest (its verification then says what is
   * wrong). No two kinds share one.
   */
  readonly fields: readonly string[];
  /**
   * Every kind's identifying fields, this kind's among them: a body with a field of another kind is not of
   * this kind, even at an endpoint that does not receive that other kind, so that a body gets the same
   * answer whichever kinds an endpoint receives. Absent: only `fields` is looked at.
   */
  readonly everyKindFields?: readonly string[];
  /**
   * Checks the kind's own options once (a `TypeError` for a misconfiguration) and returns its verification,
   * given the shared settings (the tokens, the freshness window, the clock) read once for every kind.
   */
  createVerifier(settings: VerifySettings, options: Options): KindVerifier<N>;
  /** When the request was made, in milliseconds, or `undefined` when it carries no time. */
  timeOf(notification: N): number | undefined;
  /**
   * Whether the signature covers `timeOf`: then a replay key lives until that time is stale
   * (`maxAgeSeconds`). Otherwise (a time that is unsigned, or none) it lives `replayWindowSeconds` from the
   * arrival, which no field of the request can shorten.
   */
  readonly timeSigned?: boolean;
  /**
   * The replay store key: what the signature covers, so a replay with other unsigned fields is caught.
   * Absent for a kind that is not a one-time event (an authorization request): no replay store then.
   */
  replayKey?(notification: N): string;
  /**
   * For a kind whose replay keys another kind makes too (one signed text can be sent as either: stream
   * notifications and pay-per-view syncs), the default store of its keys when the receiver is given none:
   * `sharedReplayStore`, one per process and clock, so that a capture sent to another route of the app is
   * a duplicate there too. Absent: the receiver's own memory store. A function the kind names, so that an
   * application without such a kind does not bundle it.
   */
  readonly sharedReplayStore?: (now: () => number) => ReplayStore;
  /**
   * Where the signature leaves fields uncovered, the signed part and the unsigned rest: the receive step
   * accepts a bounded number of distinct rests per signed part (`maxNotificationsPerTime`).
   */
  variantOf?(notification: N): {
    /** What the signature covers (a server status notification's digest). */
    signed: string;
    /** What it does not (its server and status), unambiguously joined. */
    rest: string;
  };
  /** A short description for log lines, without secrets. */
  describe(notification: N): string;
}

/** A kind's verification, its options checked; and, for a kind whose sender expects a decision back, its answer. */
export interface KindVerifier<N> {
  /**
   * Verifies a decoded body (never text: the receive step decodes once): the request, or a
   * `NotificationError`. `parsedHere` says that the value was made by this package's own `JSON.parse`
   * (its fields can be read by plain property reads), not by a body parser.
   */
  verify(value: unknown, parsedHere: boolean): N;
  /**
   * Reads what the callback returned into the response body, and the decision it answers as a string the
   * replay store keeps, so that a replay is answered the same without running the callback again. A
   * `TypeError` for a value the callback should not have returned. Absent for kinds whose answer is only
   * "received".
   */
  decide?(
    notification: N,
    returned: unknown,
  ): {
    /** The response body. */
    body: string;
    /** The decision, as the replay store keeps it for a replay's answer. */
    decision: string;
  };
  /**
   * The response body to a replay: for the decision the replay store kept, or `undefined` when it kept
   * none. Throws for a kept decision it cannot read (a store that corrupted it). Absent for kinds without
   * a decision.
   */
  answer?(notification: N, kept: string | undefined): string;
  /**
   * The body answered when the callback failed or timed out, for a kind whose sender must get a decision
   * whatever happens (an authorization): the configured `failureDecision`. Absent: a failure is a 5xx.
   */
  fallback?(notification: N): string;
}

/**
 * A kind an endpoint receives: the kind, its callback and its own options, as one of the kind functions
 * makes it (`serverStatusKind({ onNotification, servers })`, `payPerViewKind({ onPayPerViewSync })`). Give
 * a list of them to `createReceiver`.
 *
 * @example
 * ```ts
 * import { createReceiver, serverStatusKind, type ReceivedKind, type ServerStatusNotification } from 'wmspanel-notifications';
 *
 * const kind: ReceivedKind<'server-status', ServerStatusNotification> = serverStatusKind({ onNotification: (n) => console.log(n.server) });
 * const receiver = createReceiver({ token: process.env.WMSPANEL_TOKEN!, kinds: [kind] });
 * ```
 */
export interface ReceivedKind<Tag extends string, N> {
  /** The kind. */
  readonly spec: KindSpec<Tag, N, never>;
  /** Its callback, checked to be a function. */
  readonly handle: (notification: N, info: ReceivedInfo) => unknown;
  /** Its own options, as given (the callback among them), checked when the receiver is made. */
  readonly options: object;
}

/** Any kind an endpoint receives, whatever its tag and type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReceivedKind = ReceivedKind<string, any>;

/**
 * What the receive step hands on of a request it recognised: its kind's tag and the request itself, one
 * member per kind, so that `switch (result.kind)` narrows `result.notification`.
 *
 * @example
 * ```ts
 * import type { KindOf, ReceivedNotification } from 'wmspanel-notifications';
 *
 * type Tag = KindOf<ReceivedNotification>; // 'server-status' | 'stream' | ...
 * ```
 */
export interface Received<Tag extends string = string, N = unknown> {
  /** The kind's tag. */
  kind: Tag;
  /** The request. */
  notification: N;
}

/** The tags of a union of {@link Received}. */
export type KindOf<R extends Received> = R['kind'];

const hasOwn = Object.prototype.hasOwnProperty;

/** Whether a decoded body has one of `fields` as an own property. */
export function hasKindFields(value: unknown, fields: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const field of fields) if (hasOwn.call(value, field)) return true;
  return false;
}

/**
 * Whether a decoded body is of the kind `spec` describes: it has one of the kind's own fields, and none of
 * another kind's (own properties only: an inherited field was not in the body). The test is made once per
 * kind, its own and the other kinds' fields set apart.
 */
export function kindBodyTest(spec: Pick<KindSpec<string, unknown, never>, 'fields' | 'everyKindFields'>): (value: unknown) => boolean {
  const own = spec.fields;
  const others = (spec.everyKindFields ?? []).filter((field) => !own.includes(field));
  return (value) => hasKindFields(value, own) && !hasKindFields(value, others);
}

/** The {@link Received} members of a list of kinds. */
export type ReceivedOf<K extends AnyReceivedKind> = K extends ReceivedKind<infer Tag, infer N> ? Received<Tag, N> : never;

/**
 * Makes the function of a kind that attaches its callback and options (`serverStatusKind(options)`): checks
 * that the callback is a function, at once.
 */
export function receivedKind<Tag extends string, N, Options extends object>(
  spec: KindSpec<Tag, N, Options>,
  options: Options,
): ReceivedKind<Tag, N> {
  if (typeof options !== 'object' || options === null) throw misuse(`the options of ${spec.name} notifications must be an object`);
  const handle: unknown = (options as Record<string, unknown>)[spec.callback];
  if (typeof handle !== 'function') throw misuse(`options.${spec.callback} must be a function`);
  return { spec: spec as unknown as KindSpec<Tag, N, never>, handle: handle as ReceivedKind<Tag, N>['handle'], options };
}
