import { createServer } from 'node:http';
import { createNodeHandler, type NotificationHandlerOptions } from '../../adapters/node.js';
import { isNotificationError } from '../../lib/errors.js';
import { CLI_KINDS, KINDS_HELP } from '../kinds/index.js';
import { TOKEN_OPTION, UsageError, integerOf, optionalTokenOf, secondsOf, type Command } from '../shared.js';

export const listen: Command = {
  name: 'listen',
  summary: 'receive every kind, and print each verified one as a JSON line',
  description: `Receives requests of every kind on http://HOST:PORT/ (any path, POST only). Prints each verified one on
stdout as one JSON object per line (server status: {"time","digest","server","status",...}; the other
kinds with a "kind" field) and each refusal on stderr. ${KINDS_HELP.listen}.
Without a token, only ${KINDS_HELP.unsignedNames} are
received. Stops cleanly on SIGINT or SIGTERM, and when the process that started it is gone (npx does not
pass SIGTERM on).`,
  options: {
    port: { type: 'string', value: 'PORT', description: 'the port, 0 for any free one (required)' },
    host: { type: 'string', value: 'HOST', description: 'the address to listen on (default 127.0.0.1)' },
    token: TOKEN_OPTION,
    'max-age': { type: 'string', value: 'SECONDS', description: 'how old a notification may be (default 3600)' },
    servers: { type: 'string', value: 'a,b', description: 'the servers accepted (default any)' },
    deny: { type: 'string', value: 'id,id', description: 'viewer and publisher ids to refuse' },
  },
  async run(values, io) {
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    // An empty host would listen on every interface.
    if (host.trim() === '') throw new UsageError('--host takes an address or a host name of this machine (default 127.0.0.1)');
    const portUsage = '--port takes a port number, 0 to 65535';
    const port = integerOf(values, 'port', 0, 65535, portUsage);
    if (port === undefined) throw new UsageError(portUsage);
    const deny = new Set((values.deny as string | undefined)?.split(',').map((id) => id.trim()).filter(Boolean));
    const token = optionalTokenOf(values, io);
    const maxAgeSeconds = secondsOf(values, 'max-age');
    const servers = (values.servers as string | undefined)?.split(',').map((name) => name.trim()).filter(Boolean);
    if (servers?.length === 0) throw new UsageError('--servers takes the server names accepted, a,b (none would refuse every notification)');
    // Every kind's callback, each printing its requests as JSON lines; without a token, the unsigned kinds' only.
    const received = CLI_KINDS.filter((kind) => token !== undefined || !kind.spec.signed).map((kind) => kind.listen((line) => io.out(line), deny));
    const handle = createNodeHandler({
      ...(token === undefined ? {} : { token }),
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
      ...(servers === undefined ? {} : { servers }),
      ...received.reduce<NotificationHandlerOptions>((all, callbacks) => ({ ...all, ...callbacks }), {}),
      onError(error) {
        if (isNotificationError(error)) io.err(JSON.stringify({ rejected: { status: error.status, code: error.code, message: error.message } }));
        else io.err(JSON.stringify({ failed: (error as Error).message }));
      },
    });
    const server = createServer((request, response) => void handle(request, response));
    // Signal handlers first: whoever reads "listening on" may signal at once.
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => {
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // `npx ... listen` runs under npm, which does not pass SIGTERM on: when the process that started
      // this one is gone (this one is re-parented), stop too rather than hold the port forever.
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid !== parent) {
          clearInterval(watch);
          stop();
        }
      }, 500);
      watch.unref();
      server.once('close', () => {
        clearInterval(watch);
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
      });
    } catch (error) {
      server.close();
      // A --host that names no address of this machine is a usage error; a port taken or not permitted is not.
      const { code } = error as NodeJS.ErrnoException;
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
        throw new UsageError(`--host is not an address of this machine (${code})`);
      }
      throw error;
    }
    const address = server.address();
    const actual = typeof address === 'object' && address !== null ? address.port : port;
    io.err(`listening on http://${host}:${actual}/ (Ctrl+C to stop)`);
    await stopped;
    return 0;
  },
};
