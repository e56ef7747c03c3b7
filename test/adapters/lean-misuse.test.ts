// The lean adapters take a receiver; given the flat options by mistake (fetchHandler vs createFetchHandler)
// they throw a TypeError at once, never a handler whose requests fail.
import { expect, it } from 'vitest';
import { fetchHandler } from '../../src/adapters/fetch.js';

it('fetchHandler given flat options instead of a receiver throws a TypeError at once (before the fix: every request rejects)', async () => {
  const options = { token: 't', onNotification: () => undefined };
  let handler: ((request: Request) => Promise<Response>) | undefined;
  expect(() => {
    handler = fetchHandler(options as never);
  }).toThrow(TypeError);
  // What review21 does instead: a handler whose promise rejects ("receiver.receive is not a function"),
  // though createFetchHandler's handler "never rejects".
  if (handler !== undefined) await expect(handler(new Request('http://localhost/', { method: 'POST', body: '{}' }))).resolves.toBeInstanceOf(Response);
});
