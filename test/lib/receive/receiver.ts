// The receive step's tests' receiver: createNotificationReceiver at the test clock, recording what its
// handler and onError were given, and the error code of an answer.
import { createNotificationReceiver, type NotificationHandlerOptions } from '../../../src/index.js';
import { NOW, TOKEN, genuine } from '../../helpers.js';

/** A receiver at the test clock, whose handler records what it was called with. */
export function receiverWith(extra: Partial<NotificationHandlerOptions> = {}) {
  const handled: string[] = [];
  const errors: unknown[] = [];
  const receiver = createNotificationReceiver({
    token: TOKEN,
    now: () => NOW,
    onNotification: (notification) => {
      handled.push(`${notification.server} ${notification.status}`);
    },
    onError: (error) => {
      errors.push(error);
    },
    ...extra,
  });
  const send = (fields: Parameters<typeof genuine>[0] = {}) =>
    receiver.receive({ method: 'POST', readBody: async () => JSON.stringify(genuine(fields)) });
  return { receiver, handled, errors, send };
}


/** The error code an answer's JSON body names (`{"error":{"code":…}}`), or undefined for an answer without one. */
export const answeredCode = (result: { body: string }): string | undefined => (JSON.parse(result.body) as { error?: { code: string } }).error?.code;
