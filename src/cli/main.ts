// The command's dispatcher: `main(argv, io)` runs one command line against any I/O and resolves with the
// exit code, so that tests run it in-process; src/cli.ts binds it to the process.
import { readFileSync } from 'node:fs';
import { check } from './commands/check.js';
import { demo } from './commands/demo.js';
import { listen } from './commands/listen.js';
import { send } from './commands/send.js';
import { sign } from './commands/sign.js';
import { verify } from './commands/verify.js';
import { parseCommand } from './args.js';
import { KINDS_HELP } from './kinds/index.js';
import { NAME, UsageError, helpOf, type CliIo, type Command } from './shared.js';

export type { CliIo } from './shared.js';

const COMMANDS: Command[] = [sign, send, verify, listen, check, demo];

/** The package's version: its package.json is one level up from dist/cli.js, two from src/cli/main.ts. */
function packageVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === NAME && manifest.version !== undefined) return manifest.version;
    } catch {
      // Not this one.
    }
  }
  return 'unknown';
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `Usage: ${NAME} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `The token comes from --token or the WMSPANEL_TOKEN environment variable (which keeps it out of shell
history). --kind picks what sign, send, verify and check work on: ${KINDS_HELP.about}. Run '${NAME} <command> --help' for a command's options, '${NAME} --version' for the version.
Exit codes: 0 as expected, 1 answered or found otherwise, 2 usage error, 3 could not reach.`,
  ].join('\n');
}

/** Runs one command line; never rejects: every failure is an exit code and a line on `io.err`. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [name, ...args] = argv;
    if (name === '--version' || name === '-v') {
      io.out(packageVersion());
      return 0;
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(mainHelp());
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS.find((candidate) => candidate.name === name);
    // Never echoed: the word may be a token typed in the wrong place.
    if (command === undefined) throw new UsageError(`unknown command; the commands are ${COMMANDS.map((c) => c.name).join(', ')} (try --help)`);
    const values = parseCommand(command, args, COMMANDS);
    if (values.help === true) {
      io.out(helpOf(command));
      return 0;
    }
    return await command.run(values, io);
  } catch (error) {
    // A usage error, or options the package itself refused (its TypeErrors name it): exit 2.
    if (error instanceof UsageError) {
      io.err(`${NAME}: ${error.message}`);
      return 2;
    }
    if (error instanceof TypeError && error.message.startsWith(`${NAME}:`)) {
      io.err(error.message);
      return 2;
    }
    io.err(`${NAME}: ${(error as Error | undefined)?.message ?? String(error)}`);
    return 1;
  }
}
