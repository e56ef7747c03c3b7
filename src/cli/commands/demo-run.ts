// `wmspanel-notifications demo` (and `npm run demo` in a clone): the whole flow in one command. Starts a
// receiver on 127.0.0.1 with a generated token, sends it what each kind's demo sends (a genuine server status
// notification, a replay, forgeries, a stale and a re-labelled one, then a stream notification and a
// pay-per-view sync with its retry) at the same endpoint, and says what happened to each. Exits 1 when an
// answer is not the expected one.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler, type NotificationHandlerOptions } from '../../adapters/node.js';
import { readAnswer } from '../http.js';
import { CLI_KINDS } from '../kinds/index.js';

/** Runs the demo, writing each line with `out` (and problems with `err`); resolves with the exit code. */
export async function runDemo(out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const token = randomBytes(16).toString('hex');
  const shown = CLI_KINDS.flatMap((kind) => (kind.demo === undefined ? [] : [{ callback: kind.spec.callback, demo: kind.demo }]));
  let handled = 0;
  const options: NotificationHandlerOptions = { token };
  for (const { callback, demo } of shown) {
    const received = demo.receive(out) as Record<string, unknown>;
    const handle = received[callback] as (...args: unknown[]) => unknown;
    // Counted, to tell when a replay did not run the handler again.
    Object.assign(options, received, {
      [callback]: (...args: unknown[]) => {
        handled++;
        return handle(...args);
      },
    });
  }
  const handle = createNodeHandler(options);
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wmspanel`;
  out(`Receiver listening on ${url} (token generated for this run, not shown)\n`);

  const steps = shown.flatMap(({ demo }) => demo.steps(token));
  let failures = 0;
  try {
    for (const { label, body, expected, read } of steps) {
      out(`→ Sending ${label}`);
      const handledBefore = handled;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await readAnswer(response);
      const answer = JSON.parse(text) as { error?: { code: string; message: string }; duplicate?: boolean };
      let what = answer.error ? `refused: ${answer.error.code} (${answer.error.message})` : answer.duplicate ? 'accepted as a duplicate; handler not called again' : 'accepted';
      // A decision in the answer (a deny list and its Solution), as the sender would check it.
      const decision = read?.(text);
      if (decision !== undefined) {
        what = `${decision.what}${handled === handledBefore ? '; handler not called again' : ''}`;
        if (!decision.ok) failures++;
      }
      out(`  ${response.status} ${what}\n`);
      if (response.status !== expected) failures++;
    }
  } finally {
    server.close();
  }
  out(`The handler ran ${handled} time(s) for ${steps.length} requests.`);
  if (failures === 0) return 0;
  err(`${failures} answer(s) were not what the demo expects`);
  return 1;
}
