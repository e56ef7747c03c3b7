import { createUntrustedFetch, dropAnswer, httpUrlOf, readAnswer, redirectOf } from '../http.js';
import { KINDS_HELP, KIND_OPTIONS, makeBody } from '../kinds/index.js';
import { TooLargeError } from '../read.js';
import { NAME, TIMEOUT_OPTION, failureOf, integerOf, printable, shownUrl, timeoutOf, type Command } from '../shared.js';

export const send: Command = {
  name: 'send',
  summary: 'POST a notification (or a request) to a handler, as WMSPanel or Nimble would',
  synopsis: '<url>',
  positional: 'url',
  description: `POSTs what sign prints to the URL (send <url>, or send --url <url>), prints the HTTP status and the
body of the answer. Exit 0 when the answer is 2xx (or, with --expect, that status), 1 when it is another,
3 when nothing answered within --timeout or the URL could not be reached, 2 for a usage error (the URL
given both ways and different is one). ${KINDS_HELP.send}. A redirect (3xx) is never followed: it is reported, exit 1 (unless
--expect names it). At most 4 MiB of an answer is read: a larger one is exit 1. --timeout covers the whole
answer, its body included.`,
  options: {
    url: { type: 'string', value: 'URL', description: 'the handler, if not given as <url>' },
    expect: { type: 'string', value: 'STATUS', description: 'the HTTP status expected (default any 2xx): --forge wrong-token --expect 401' },
    timeout: TIMEOUT_OPTION,
    ...KIND_OPTIONS,
  },
  async run(values, io) {
    const url = httpUrlOf(values, 'send');
    const seconds = timeoutOf(values);
    const expected = integerOf(values, 'expect', 100, 599, '--expect takes an HTTP status, 100 to 599');
    const made = makeBody(values, io);
    const decisions = made.readAnswer;
    // Exit 3: nothing (or nothing in time) answered, which a CI job tells from a wrong answer (1).
    const unanswered = (error: unknown, what: string): number => {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') io.err(`${NAME}: ${what} within ${seconds} s from ${shownUrl(url)}`);
      else io.err(`${NAME}: could not reach ${shownUrl(url)}: ${failureOf(error)}`);
      return 3;
    };
    let response: Response;
    try {
      response = await createUntrustedFetch(seconds)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: made.body });
    } catch (error) {
      return unanswered(error, 'no answer');
    }
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
    // The server's own text: it may carry terminal escape sequences.
    io.out(printable(text));
    const asExpected = expected === undefined ? response.ok : response.status === expected;
    if (!response.ok || decisions === undefined) return asExpected ? 0 : 1;
    try {
      const { lines, ok } = decisions(text);
      for (const line of lines) io.out(printable(line));
      return ok && asExpected ? 0 : 1;
    } catch (error) {
      io.err(`${NAME}: the answer is not what the sender reads: ${printable((error as Error).message.replace(`${NAME}: `, ''))}`);
      return 1;
    }
  },
};
