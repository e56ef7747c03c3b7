import {
  readPayPerViewResponse,
  readPlaybackAuthResponse,
  readPublishAuthResponse,
  sendTestNotification,
  sendTestPayPerViewSync,
  sendTestPlaybackAuthRequest,
  sendTestPublishAuthRequest,
  sendTestStreamNotification,
} from '../../testing.js';
import { KIND_OPTIONS, kindOf, notificationOptions, payPerViewOptions, playbackOptions, publishOptions, streamOptions } from '../kinds.js';
import { createUntrustedFetch, dropAnswer, readAnswer, redirectOf } from '../http.js';
import { TooLargeError } from '../read.js';
import { NAME, TIMEOUT_OPTION, UsageError, failureOf, secondsOf, tokenOf, type CliIo, type Command, type Values } from '../shared.js';

/** A sent request's answer, and how to read what it decided (a deny list, a publisher's decision). */
interface Sent {
  response: Response;
  /** Lines describing the decisions in the answer; throws when the answer is not one the sender reads. */
  decisions?: (text: string) => { lines: string[]; ok: boolean };
}

function sender(url: string, values: Values, io: CliIo, untrusted: typeof fetch): () => Promise<Sent> {
  const kind = kindOf(values);
  switch (kind) {
    case 'ppv': {
      const options = payPerViewOptions(values, io);
      return async () => {
        const { response, sync } = await sendTestPayPerViewSync(url, { ...options, fetch: untrusted });
        return {
          response,
          // A sync's answer is checked against its puzzle, which only the sender knows.
          decisions: (text) => {
            const answer = readPayPerViewResponse(text, { puzzle: sync.puzzle!, token: tokenOf(values, io) });
            return { lines: [`deny: ${JSON.stringify(answer.deny)}; Solution: ${answer.solution}`], ok: answer.solution === 'valid' };
          },
        };
      };
    }
    case 'publish': {
      const options = publishOptions(values);
      return async () => {
        const { response, request } = await sendTestPublishAuthRequest(url, { ...options, fetch: untrusted });
        const { requests } = request;
        return {
          response,
          decisions: (text) => ({
            lines: readPublishAuthResponse(text, request).map((d, i) => `${JSON.stringify(d.seq)} ${requests[i]!.id} ${requests[i]!.stream}: ${d.allow ? 'allow' : 'deny'}`),
            ok: true,
          }),
        };
      };
    }
    case 'playback': {
      const options = playbackOptions(values);
      return async () => ({
        response: await sendTestPlaybackAuthRequest(url, { ...options, fetch: untrusted }),
        decisions: (text) => {
          const decision = readPlaybackAuthResponse(text);
          return { lines: ['redirect' in decision ? `redirect ${decision.redirect}` : decision.allow ? 'allow' : 'deny'], ok: true };
        },
      });
    }
    case 'stream': {
      const options = streamOptions(values, io);
      return async () => ({ response: await sendTestStreamNotification(url, { ...options, fetch: untrusted }) });
    }
    case 'status': {
      const options = notificationOptions(values, io);
      return async () => ({ response: await sendTestNotification(url, { ...options, fetch: untrusted }) });
    }
  }
}

export const send: Command = {
  name: 'send',
  summary: 'POST a notification (or a request) to a handler, as WMSPanel or Nimble would',
  description: `POSTs what sign prints to --url, prints the HTTP status and the body of the answer. Exit 0 when the
answer is 2xx (or, with --expect, that status), 1 when it is another, 3 when nothing answered within
--timeout or the URL could not be reached, 2 for a usage error. With --kind ppv it also prints the deny
list and whether its Solution is right (Nimble ignores a deny list whose Solution is not, under mutual
authorization), and exits 1 unless it is; with publish, each publisher's decision; with playback, the
decision (allow, deny or redirect URL). A redirect (3xx) is never followed: it is reported, exit 1 (unless
--expect names it). At most 4 MiB of an answer is read: a larger one is exit 1. --timeout covers the whole
answer, its body included.`,
  options: {
    url: { type: 'string', value: 'URL', description: 'the handler (required)' },
    expect: { type: 'string', value: 'STATUS', description: 'the HTTP status expected (default any 2xx): --forge wrong-token --expect 401' },
    timeout: TIMEOUT_OPTION,
    ...KIND_OPTIONS,
  },
  async run(values, _positionals, io) {
    const url = values.url as string | undefined;
    if (url === undefined) throw new UsageError('--url is required');
    if (!URL.canParse(url)) throw new UsageError('--url is not a URL');
    const seconds = secondsOf(values, 'timeout') ?? 10;
    const expectText = values.expect as string | undefined;
    const expected = expectText === undefined ? undefined : Number(expectText);
    if (expected !== undefined && !(Number.isInteger(expected) && expected >= 100 && expected <= 599)) {
      throw new UsageError('--expect takes an HTTP status, 100 to 599');
    }
    const deliver = sender(url, values, io, createUntrustedFetch(seconds));
    // Exit 3: nothing (or nothing in time) answered, which a CI job tells from a wrong answer (1).
    const unanswered = (error: unknown, what: string): number => {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') io.err(`${NAME}: ${what} within ${seconds} s from ${url}`);
      else io.err(`${NAME}: could not reach ${url}: ${failureOf(error)}`);
      return 3;
    };
    let sent: Sent;
    try {
      sent = await deliver();
    } catch (error) {
      return unanswered(error, 'no answer');
    }
    const { response } = sent;
    io.out(`HTTP ${response.status}`);
    const redirect = redirectOf(response, url);
    if (redirect !== undefined) {
      await dropAnswer(response);
      io.err(`${NAME}: ${redirect} (following it would send the body to another server)`);
      return response.status === expected ? 0 : 1;
    }
    let text: string;
    try {
      text = await readAnswer(response);
    } catch (error) {
      if (!(error instanceof TooLargeError)) return unanswered(error, 'the answer did not end');
      io.err(`${NAME}: the answer is ${error.message}`);
      return 1;
    }
    io.out(text);
    const asExpected = expected === undefined ? response.ok : response.status === expected;
    if (!response.ok || sent.decisions === undefined) return asExpected ? 0 : 1;
    try {
      const { lines, ok } = sent.decisions(text);
      for (const line of lines) io.out(line);
      return ok && asExpected ? 0 : 1;
    } catch (error) {
      io.err(`${NAME}: the answer is not what the sender reads: ${(error as Error).message.replace(`${NAME}: `, '')}`);
      return 1;
    }
  },
};
