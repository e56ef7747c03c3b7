// How send and check talk to a server they do not trust: no redirect followed (it would re-send a genuine,
// fresh, signed body to a host that could replay it), a timeout on the whole exchange, the answer's body
// included, and at most MAX_ANSWER_BYTES of that body read. demo reads its own receiver's answers here too.
import { readAtMost } from './read.js';
import { UsageError, type Values } from './shared.js';
import { parseUrl } from '../lib/parse-url.js';

/** The most of an answer send and check read: far more than any handler's answer, far less than would strain anyone. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * The URL of send and check, given as their argument or as --url (parseCommand has made the one --url): an
 * http: or https: one fetch sends to (anything else was "could not reach", exit 3). A usage error never
 * echoes it: it may hold a password.
 */
export function httpUrlOf(values: Values, command: string): string {
  const text = values.url as string | undefined;
  if (text === undefined) throw new UsageError(`a URL is required: ${command} <url> or ${command} --url <url>`);
  return checkedHttpUrl(text, { notHttp: 'the URL must be an http:// or https:// one', credentials: 'the URL has user:password@' });
}

/**
 * `text` when it is an http: or https: URL without `user:password@` (fetch refuses credentials in a URL);
 * otherwise a usage error with the message given for what is wrong, never echoing the URL.
 */
export function checkedHttpUrl(text: string, messages: { notHttp: string; credentials: string }): string {
  const url = parseUrl(text);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(messages.notHttp);
  if (url.username !== '' || url.password !== '') throw new UsageError(`${messages.credentials}, which cannot be sent (fetch refuses credentials in a URL)`);
  return text;
}

/** A fetch that never follows a redirect (a 3xx is the answer) and gives up after `seconds`, the answer's body included. */
export function createUntrustedFetch(seconds: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, redirect: 'manual', signal: AbortSignal.timeout(Math.max(1, seconds * 1000)) });
}

/** What a 3xx answer is, for a line of output (where it points is not secret); `undefined` for any other answer. */
export function redirectOf(response: Response, url: string | URL): string | undefined {
  if (response.status < 300 || response.status > 399) return undefined;
  const location = response.headers.get('location');
  if (location === null) return 'a redirect without a Location, not followed';
  const target = parseUrl(location, url);
  if (target === undefined) return 'a redirect to an unreadable Location, not followed';
  return `a redirect to ${target.host === '' ? target.protocol : target.host}, not followed`;
}

/** Drops an answer's body unread (a redirect's), which closes its connection. */
export async function dropAnswer(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** The answer's body as text (UTF-8, as `response.text()` reads it), at most MAX_ANSWER_BYTES; more throws TooLargeError. */
export async function readAnswer(response: Response): Promise<string> {
  return new TextDecoder().decode(await readAnswerBytes(response));
}

/** The answer's bytes, as {@link readAnswer} bounds them: for a judge that reads them as the library does. */
export async function readAnswerBytes(response: Response): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  // Node's web streams are async iterable (since Node 18); TypeScript 5's DOM types do not say so.
  return readAtMost(response.body as unknown as AsyncIterable<Uint8Array>, MAX_ANSWER_BYTES);
}
