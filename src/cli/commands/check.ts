import { httpUrlOf } from '../http.js';
import { CHECK_VALUES, DEFAULT_KIND, KINDS_HELP, checkTargetOf } from '../kinds/index.js';
import { TIMEOUT_OPTION, TOKEN_OPTION, capitalized, optionalTokenOf, printable, timeoutOf, tokenOf, type Command } from '../shared.js';
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
(wmspanel-check...). ${KINDS_HELP.check}
It prints expected against answered, and a verdict that says what a miss lets an attacker or a retry do.
A replay answered "duplicate":true (as this package's handlers answer) is ok; a plain 2xx cannot be told
from outside from a handler run twice, and says so. Exit 0 when nothing is a miss ("advice" and "cannot
tell" rows are printed, not failed; the last line counts them), 1 on a miss, 3 when the handler cannot be
reached. A redirect (3xx) is never followed and an answer larger than 4 MiB is not read on: either is a
miss. ${capitalized(KINDS_HELP.unsigned)} requests carry no signature: no token needed for them.`,
  options: {
    url: { type: 'string', value: 'URL', description: 'the handler, if not given as <url>' },
    kind: { type: 'string', value: CHECK_VALUES, description: `what the handler receives, or serves (default ${DEFAULT_KIND.name})` },
    token: TOKEN_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(values, io) {
    const url = httpUrlOf(values, 'check');
    const target = checkTargetOf(values);
    // An unsigned kind needs no token: one given is still checked.
    const token = target.signed ? tokenOf(values, io) : (optionalTokenOf(values, io) ?? '');
    return runCheck({ url, target, token, seconds: timeoutOf(values), out: (line) => io.out(printable(line)) });
  },
};
