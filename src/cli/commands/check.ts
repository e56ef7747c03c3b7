import { KINDS, kindOf } from '../kinds.js';
import { httpUrlOf } from '../http.js';
import { TIMEOUT_OPTION, TOKEN_OPTION, optionalTokenOf, printable, timeoutOf, tokenOf, type Command } from '../shared.js';
import { runCheck } from './check-cases.js';

export const check: Command = {
  name: 'check',
  summary: 'check any deployed handler: genuine, replayed, forged, stale, re-labelled, GET, oversized',
  synopsis: '<url>',
  positional: 'url',
  description: `A conformance check of a deployed handler, whatever it is written in (check <url>, or check --url
<url>): sends a genuine notification, the
same again, a tampered one, one signed with another token, a stale one, a re-labelled one, a GET and a
2 MiB body (for --kind ppv: the deny list, its Solution and the same deny list on the retry; for publish:
seq echoed unchanged; for playback: a decision Nimble reads), and prints expected against answered.
Exit 0 when every case is as expected, 1 on a miss, 3 when the handler cannot be reached. "advice" rows
(a re-labelled server accepted, a huge body accepted) are policies: printed, not failed. A redirect (3xx)
is never followed and an answer larger than 4 MiB is not read on: either is a miss. Publish and
playback requests carry no signature: no token needed for them.`,
  options: {
    url: { type: 'string', value: 'URL', description: 'the handler, if not given as <url>' },
    kind: { type: 'string', value: KINDS.join('|'), description: 'what the handler receives (default status)' },
    token: TOKEN_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(values, io) {
    const url = httpUrlOf(values, 'check');
    const kind = kindOf(values);
    const token = kind === 'publish' || kind === 'playback' ? (optionalTokenOf(values, io) ?? '') : tokenOf(values, io);
    return runCheck({ url, kind, token, seconds: timeoutOf(values), out: (line) => io.out(printable(line)) });
  },
};
