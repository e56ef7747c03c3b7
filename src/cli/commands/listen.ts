import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationHandlerOptions } from '../../adapters/node.js';
import { isNotificationError } from '../../lib/errors.js';
import { checkedHttpUrl } from '../http.js';
import { createForwarder } from '../inspect/forward.js';
import { DEFAULT_HISTORY, MAX_HISTORY, createHistory } from '../inspect/history.js';
import { createRelay } from '../inspect/relay.js';
import { createResend } from '../inspect/resend.js';
import { createInspectorHandler } from '../inspect/server.js';
import { CLI_KINDS, KINDS_HELP, KIND_VALUES, createListenReceiver } from '../kinds/index.js';
import { TOKEN_OPTION, UsageError, integerOf, optionalTokenOf, secondsOf, shownUrl, type Command, type Values } from '../shared.js';

/** `--forward-to`: an http(s) URL without credentials, or a usage error that does not echo it (it may hold a password). */
function forwardUrlOf(values: Values): string | undefined {
  const text = values['forward-to'] as string | undefined;
  if (text === undefined) return undefined;
  return checkedHttpUrl(text, { notHttp: "--forward-to takes an http:// or https:// URL (your app's handler)", credentials: '--forward-to has user:password@' });
}

/** The kinds received: those --kind names (a signed one needs a token), else every kind the token allows. */
function kindsOf(values: Values, token: string | undefined): typeof CLI_KINDS {
  const names = values.kind as string[] | undefined;
  if (names === undefined) return CLI_KINDS.filter((kind) => token !== undefined || !kind.spec.signed);
  if (names.some((name) => !CLI_KINDS.some((kind) => kind.name === name))) throw new UsageError(`--kind takes ${CLI_KINDS.map((kind) => kind.name).join(', ')}`);
  const kinds = CLI_KINDS.filter((kind) => names.includes(kind.name));
  const signed = kinds.find((kind) => kind.spec.signed);
  if (token === undefined && signed !== undefined) throw new UsageError(`--kind ${signed.name} is signed: it needs a token (--token T or WMSPANEL_TOKEN)`);
  return kinds;
}

/** Listens on `port` and `host`; a host that is no address of this machine is a usage error, naming the option. */
async function listenOn(server: Server, port: number, host: string, option: string): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    server.close();
    // A --host that names no address of this machine is a usage error; a port taken or not permitted is not.
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
      throw new UsageError(`--${option} is not an address of this machine (${code})`);
    }
    throw error;
  }
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}

/** An address as it goes in a URL: an IPv6 one in brackets. */
const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** Where to reach a server listening on `host` from this machine: a wildcard address is reached on loopback. */
const reachable = (host: string): string => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);

/** Whether a bound address (numeric, as server.address() gives it) is a loopback one. */
const isLoopbackAddress = (address: string): boolean => address === '::1' || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/i.test(address);

function hostOf(values: Values, option: string): string {
  const host = (values[option] as string | undefined) ?? '127.0.0.1';
  // An empty host would listen on every interface.
  if (host.trim() === '') throw new UsageError(`--${option} takes an address or a host name of this machine (default 127.0.0.1)`);
  return host;
}

/**
 * Resolves once the servers have stopped: on SIGINT or SIGTERM, or when the process that started this one
 * is gone (npx does not pass SIGTERM on).
 */
function whenStopped(servers: Server[], beforeClose: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      beforeClose();
      let open = servers.length;
      for (const server of servers) {
        server.close(() => {
          if (--open === 0) resolve();
        });
        server.closeAllConnections();
      }
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
    servers[0]!.once('close', () => {
      clearInterval(watch);
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    });
  });
}

export const listen: Command = {
  name: 'listen',
  summary: 'receive every kind, and print each verified one as a JSON line',
  description: `Receives requests of every kind on http://HOST:PORT/ (any path, POST only). Prints each verified one on
stdout as one JSON object per line (server status: {"time","digest","server","status",...}; the other
kinds with a "kind" field) and each refusal on stderr. ${KINDS_HELP.listen}.
Without a token, only ${KINDS_HELP.unsignedNames} are
received; --kind limits them further.
--inspect also serves a page (on 127.0.0.1, its own port) that shows each request as it arrives: the kind,
the verdict and how to fix a refusal, the answer, the headers and the body (signatures redacted), with
"send again" and a filter. --forward-to URL relays each request, its body byte for byte, to your app, and
the sender gets the app's answer (502 when it is down, 504 when it is slower than --forward-timeout); the
page shows both verdicts side by side. Stops cleanly on SIGINT or SIGTERM, and when the process that
started it is gone (npx does not pass SIGTERM on).`,
  options: {
    port: { type: 'string', value: 'PORT', description: 'the port, 0 for any free one (required)' },
    host: { type: 'string', value: 'HOST', description: 'the address to listen on (default 127.0.0.1)' },
    token: TOKEN_OPTION,
    'max-age': { type: 'string', value: 'SECONDS', description: 'how old a notification may be (default 3600)' },
    servers: { type: 'string', value: 'a,b', description: 'the servers accepted (default any)' },
    deny: { type: 'string', value: 'id,id', description: 'viewer and publisher ids to refuse' },
    kind: { type: 'string', multiple: true, value: KIND_VALUES, description: 'receive only this kind (again for more; default every kind)' },
    inspect: { type: 'boolean', description: 'also serve a page that shows each request live (address printed at start)' },
    'inspect-port': { type: 'string', value: 'PORT', description: "the page's port (default 0: any free one)" },
    'inspect-host': { type: 'string', value: 'HOST', description: "the page's address (default 127.0.0.1; it shows what senders post)" },
    history: { type: 'string', value: 'N', description: 'how many requests the page keeps (default 500)' },
    'forward-to': { type: 'string', value: 'URL', description: "relay each request to your app there; the sender gets the app's answer" },
    'forward-timeout': { type: 'string', value: 'SECONDS', description: 'how long to wait for the app (default 10; then the sender gets 504)' },
  },
  async run(values, io) {
    const host = hostOf(values, 'host');
    const portUsage = '--port takes a port number, 0 to 65535';
    const port = integerOf(values, 'port', 0, 65535, portUsage);
    if (port === undefined) throw new UsageError(portUsage);
    const deny = new Set((values.deny as string | undefined)?.split(',').map((id) => id.trim()).filter(Boolean));
    const token = optionalTokenOf(values, io);
    const maxAgeSeconds = secondsOf(values, 'max-age');
    const servers = (values.servers as string | undefined)?.split(',').map((name) => name.trim()).filter(Boolean);
    if (servers?.length === 0) throw new UsageError('--servers takes the server names accepted, a,b (none would refuse every notification)');
    const kinds = kindsOf(values, token);
    const inspect = values.inspect === true;
    for (const option of ['inspect-port', 'inspect-host', 'history']) {
      if (!inspect && values[option] !== undefined) throw new UsageError(`--${option} goes with --inspect`);
    }
    const inspectHost = hostOf(values, 'inspect-host');
    const inspectPortUsage = '--inspect-port takes a port number, 0 to 65535 (0, the default: any free one)';
    const inspectPort = integerOf(values, 'inspect-port', 0, 65535, inspectPortUsage) ?? 0;
    const historyLimit = integerOf(values, 'history', 1, MAX_HISTORY, `--history takes how many requests the page keeps, 1 to ${MAX_HISTORY} (default ${DEFAULT_HISTORY})`) ?? DEFAULT_HISTORY;
    const forwardTo = forwardUrlOf(values);
    if (forwardTo === undefined && values['forward-timeout'] !== undefined) throw new UsageError('--forward-timeout goes with --forward-to');
    const forwardTimeout = secondsOf(values, 'forward-timeout', 2_147_483) ?? 10;
    if (forwardTimeout === 0) throw new UsageError('--forward-timeout takes a number of seconds, more than 0');

    // Every kind's callback, each printing its requests as JSON lines.
    const received = kinds.map((kind) => kind.listen((line) => io.out(line), deny));
    const receiver = createListenReceiver({
      ...(token === undefined ? {} : { token }),
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
      ...(servers === undefined ? {} : { servers }),
      ...received.reduce<NotificationHandlerOptions>((all, callbacks) => ({ ...all, ...callbacks }), {}),
      onError(error) {
        if (isNotificationError(error)) io.err(JSON.stringify({ rejected: { status: error.status, code: error.code, message: error.message } }));
        else io.err(JSON.stringify({ failed: (error as Error).message }));
      },
    } as NotificationHandlerOptions);
    const history = inspect ? createHistory(historyLimit) : undefined;
    const forward = forwardTo === undefined ? undefined : createForwarder(forwardTo, forwardTimeout);
    const relay = createRelay({ receiver, ...(history === undefined ? {} : { history }), ...(forward === undefined ? {} : { forward }), err: (line) => io.err(line) });
    const server = createServer((request, response) => void relay(request, response));
    const running = [server];
    let closeFeeds = (): void => undefined;
    // Signal handlers first: whoever reads "listening on" may signal at once. Stopping ends the page's feeds
    // and what is in flight to the app, which would otherwise hold the process for --forward-timeout.
    const stopped = whenStopped(running, () => {
      closeFeeds();
      forward?.abort();
    });
    const actual = await listenOn(server, port, host, 'host');
    if (history !== undefined) {
      const resend = createResend(history, { host: reachable(host), port: actual });
      const hello = { limit: historyLimit, listening: `http://${urlHost(host)}:${actual}/`, forwardTo: forwardTo === undefined ? null : shownUrl(forwardTo), kinds: kinds.map((kind) => kind.spec.kind) };
      // Whether the page is on loopback is read off the address it is bound to (`127.1`, `localhost.` and
      // `::ffff:127.0.0.1` are loopback too), once bound; until then it is taken to be, the stricter.
      const bound = { loopback: true };
      const handler = createInspectorHandler({ history, hello, resend, loopback: bound });
      closeFeeds = () => handler.closeFeeds();
      const inspector = createServer(handler);
      running.push(inspector);
      try {
        const inspectorPort = await listenOn(inspector, inspectPort, inspectHost, 'inspect-host');
        bound.loopback = isLoopbackAddress((inspector.address() as AddressInfo).address);
        io.err(`inspector on http://${urlHost(inspectHost)}:${inspectorPort}/ (open it in a browser)`);
        if (!bound.loopback) io.err('warning: the inspector is reachable from other machines, and shows what senders post (their secrets redacted)');
      } catch (error) {
        server.close();
        server.closeAllConnections();
        throw error;
      }
    }
    if (forwardTo !== undefined) io.err(`forwarding to ${shownUrl(forwardTo)} (the sender gets its answer)`);
    io.err(`listening on http://${urlHost(host)}:${actual}/ (Ctrl+C to stop)`);
    await stopped;
    return 0;
  },
};
