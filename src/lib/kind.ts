// What the shared machinery needs to know of a notification kind, and nothing more: the receive step,
// the replay stores, the bound per time and the adapters work on these, never on a kind's fields.

/** A notification kind: how to recognise, verify and key one notification of it. */
export interface NotificationKind<N, O = never> {
  /** For log lines and errors: `server status`, `stream`. */
  readonly name: string;
  /** The handler option that receives it (`onNotification`, `onStreamNotification`). */
  readonly callback: string;
  /** The `ErrorInfo` field that carries it (`notification`, `streamNotification`). */
  readonly infoKey: string;
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
  /** Whether a decoded body has this kind's shape, to dispatch between the kinds an endpoint receives. */
  matches(value: unknown): boolean;
  /** Checks the kind's options once (a `TypeError` for a misconfiguration) and returns its verification. */
  createVerifier(options: O): KindVerifier<N>;
  /**
   * The default `maxBodyBytes` of an endpoint that receives this kind, when it needs more than
   * `DEFAULT_MAX_BODY_BYTES` (a pay-per-view sync lists every viewer).
   */
  readonly defaultMaxBodyBytes?: number;
  /** When the notification was made, in milliseconds, or `undefined` when it carries no time. */
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
   * Whether another kind makes the same replay keys (one signed text can be sent as either kind: stream
   * notifications and pay-per-view syncs): the default store then keeps them process-wide, so that a
   * capture sent to another route of the app is a duplicate there too.
   */
  readonly sharedReplayKeys?: boolean;
  /**
   * Where the signature leaves fields uncovered, the signed part and the unsigned rest: the receive step
   * accepts a bounded number of distinct rests per signed part (`maxNotificationsPerTime`).
   */
  variantOf?(notification: N): { signed: string; rest: string };
  /** A short description for log lines, without secrets. */
  describe(notification: N): string;
}

/** A kind's verification, checked options included; and, for a kind whose sender expects a decision back, its answer. */
export interface KindVerifier<N> {
  /** Parses and verifies a decoded body: the notification, or a `NotificationError`. */
  verify(value: unknown): N;
  /**
   * Reads what the handler returned into the response body, and the decision it answers as a string the
   * replay store keeps, so that a replay is answered the same without running the handler again. A
   * `TypeError` for a value the handler should not have returned. Absent for kinds whose answer is only
   * "received".
   */
  decide?(notification: N, returned: unknown): { body: string; decision: string };
  /**
   * The response body to a replay: for the decision the replay store kept, or `undefined` when it kept
   * none. Throws for a kept decision it cannot read (a store that corrupted it). Absent for kinds without
   * a replay store (authorizations).
   */
  answer?(notification: N, kept: string | undefined): string;
  /**
   * The body answered when the callback failed or timed out, for a kind whose sender must get a decision
   * whatever happens (an authorization): the configured `failureDecision`. Absent: a failure is a 5xx.
   */
  fallback?(notification: N): string;
}
