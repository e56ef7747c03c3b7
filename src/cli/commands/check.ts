import { KINDS, kindOf } from '../kinds.js';
import { httpUrlOf } from '../http.js';
import { TIMEOUT_OPTION, TOKEN_OPTION, optionalTokenOf, printable, timeoutOf, tokenOf, type Command } from '../shared.js';
import { runCheck } from './check-run.js';

export const check: Command = {
  name: 'check',
  summary: 'check a handler: genuine, replayed, forged, stale, re-labelled, GET, oversized (it runs your handler)',
  synopsis: '<url>',
  positional: 'url',
  description: `A conformance check of a handler, whatever it is written in (check <url>, or check --url <url>). It
runs your real handler: an app that pages on outages pages, so point it at staging, or warn whoever is on
call. What it sends names a made-up server (wmspanel-check.invalid: a handler that allows only your
servers refuses it, 403, so allow it where you check) and made-up streams, viewers and publishers
(wmspanel-check...). Status: a genuine notification, the same again, a tampered one, one signed
with another token, a stale one, a re-labelled one, a GET and a 2 MiB body. Stream: the same, and a copy
with other events. ppv: a sync (its deny list and Solution), the same again (the same deny list), a copy
with other viewers, a sync of 2,000 viewers (336 KB, which an app-wide express.json() refuses),
forgeries and a GET. publish: seq echoed unchanged. playback: a decision Nimble reads.
It prints expected against answered, and a verdict that says what a miss lets an attacker or a retry do.
A replay answered "duplicate":true (as this package's handlers answer) is ok; a plain 2xx cannot be told
from outside from a handler run twice, and says so. Exit 0 when nothing is a miss ("advice" and "cannot
tell" rows are printed, not failed; the last line counts them), 1 on a miss, 3 when the handler cannot be
reached. A redirect (3xx) is never followed and an answer larger than 4 MiB is not read on: either is a
miss. Publish and playback requests carry no signature: no token needed for them.`,
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
