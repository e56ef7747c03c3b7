import { KINDS_HELP } from '../kinds/index.js';
import type { Command } from '../shared.js';
import { runDemo } from './demo-run.js';

export const demo: Command = {
  name: 'demo',
  summary: 'run a receiver and send it genuine, replayed and forged notifications, and a sync',
  description: `Starts a receiver on 127.0.0.1 with a token generated for the run, sends it ${KINDS_HELP.demo}, and prints what happened to each. Exits 1 if an answer is not the expected one.`,
  options: {},
  run: (_values, io) => runDemo((line) => io.out(line), (line) => io.err(line)),
};
