// Receivers made of the kits, and what they answer, for the conformance suite: createReceiver's receive step
// called directly (the adapter matrix in test/adapters/ covers HTTP).
import {
  createMemoryReplayStore,
  createReceiver,
  type AnyReceivedKind,
  type ErrorInfo,
  type NotificationError,
  type NotificationReceiver,
  type ReceiveResult,
  type ReceiverOptions,
} from '../../../src/index.js';
import { TOKEN, testClock } from '../../helpers.js';
import { kits, type Kit } from '../../kits.js';

/** A receiver, what its callbacks were called with, and what its onError was told. */
export interface Endpoint {
  receiver: NotificationReceiver;
  handled: unknown[];
  errors: { error: NotificationError; info: ErrorInfo }[];
}

/** One kit of each kind (the first of each tag). */
export const kitPerKind: Kit[] = kits.filter((kit, index) => kits.findIndex((other) => other.tag === kit.tag) === index);

/**
 * A receiver of the kinds of `endpointKits` with the test token and clock, and a replay store of its own:
 * without one, stream notifications and syncs share the process-wide store, and a body sent to two
 * endpoints would be a duplicate at the second.
 */
export function endpoint(endpointKits: readonly Kit[], options: ReceiverOptions = {}): Endpoint {
  const handled: unknown[] = [];
  const errors: Endpoint['errors'] = [];
  const kinds: AnyReceivedKind[] = endpointKits.map((kit) => kit.kind(handled));
  const receiver = createReceiver({
    token: TOKEN,
    now: testClock,
    replayStore: createMemoryReplayStore({ now: options.now ?? testClock }),
    onError: (error, info) => void errors.push({ error, info: info as ErrorInfo }),
    ...options,
    kinds,
  }) as unknown as NotificationReceiver;
  return { receiver, handled, errors };
}

/** POSTs `body` (whatever the body reader returns: text, bytes, or what a body parser made) to the receive step. */
export const send = (receiver: NotificationReceiver, body: unknown): Promise<ReceiveResult> => receiver.receive({ method: 'POST', readBody: async () => body });

/** What the sender learns: the status and the error code of the body, if any. */
export function answerOf(result: ReceiveResult): { status: number; code: string | undefined } {
  const body = JSON.parse(result.body) as { error?: { code?: string } };
  return { status: result.status, code: body.error?.code };
}
