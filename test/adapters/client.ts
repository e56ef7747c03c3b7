// The HTTP clients the adapter tests use: fetch for ordinary requests, and a raw socket where a test
// must control the bytes on the wire (slow drips, stalls, lying lengths).
import { connect } from 'node:net';
import type { NotificationHandlerOptions, ServerStatusNotification } from '../../src/index.js';
import { NOW, TOKEN } from '../helpers.js';

export interface Recorder {
  options: NotificationHandlerOptions;
  handled: ServerStatusNotification[];
  errors: unknown[];
  ages: number[];
}

/**
 * Handler options that record what the adapter did, with the test clock at NOW. An option given as
 * `undefined` in `extra` is left out (`onError: undefined`: no logging hook).
 */
export function record(extra: { [K in keyof NotificationHandlerOptions]?: NotificationHandlerOptions[K] | undefined } = {}): Recorder {
  const recorder: Recorder = { handled: [], errors: [], ages: [], options: undefined as never };
  const given = Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined));
  const omitted = new Set(Object.keys(extra).filter((name) => !(name in given)));
  const defaults: NotificationHandlerOptions = {
    token: TOKEN,
    now: () => NOW + 2000,
    onNotification: (notification, info) => {
      recorder.handled.push(notification);
      recorder.ages.push(info.ageMs);
    },
    onError: (error) => {
      recorder.errors.push(error);
    },
  };
  recorder.options = Object.fromEntries(
    Object.entries({ ...defaults, ...given }).filter(([name]) => !omitted.has(name)),
  ) as unknown as NotificationHandlerOptions;
  return recorder;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function post(url: string, body: BodyInit | null, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', body, ...init, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Sends raw HTTP over a socket: `head` first, then each chunk of `drip` after `intervalMs`. Resolves with
 * the status line and body as soon as the server answers (possibly before everything was sent), and how
 * many chunks had been sent by then.
 */
export function rawRequest(
  url: string,
  head: string,
  drip: string[] = [],
  intervalMs = 0,
): Promise<{ status: number; response: string; chunksSent: number; elapsedMs: number }> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let chunksSent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    const done = (): void => {
      clearInterval(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      resolve({ status, response, chunksSent, elapsedMs: performance.now() - started });
    };
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      response += data;
      // The whole answer is in once the headers ended and Content-Length bytes of body followed.
      const end = response.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(response)?.[1];
      if (end < 0) return;
      if (length !== undefined ? Buffer.byteLength(response.slice(end + 4)) >= Number(length) : response.endsWith('\r\n0\r\n\r\n')) done();
    });
    socket.on('error', (error) => (response ? done() : reject(error)));
    socket.on('close', () => (response ? done() : reject(new Error('closed without an answer'))));
    socket.write(head);
    if (drip.length > 0) {
      timer = setInterval(() => {
        const chunk = drip[chunksSent];
        if (chunk === undefined) {
          clearInterval(timer);
          return;
        }
        chunksSent++;
        socket.write(chunk);
      }, intervalMs);
    }
  });
}

const wholeBodies = new Map<string, Buffer>();

/** The bytes of a body of `bytes` (64 KiB chunks when `chunked`), made once: tries send the same one. */
function wholeBody(bytes: number, chunked: boolean): Buffer {
  const name = `${bytes} ${chunked}`;
  let body = wholeBodies.get(name);
  if (body === undefined) {
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const parts: Buffer[] = [];
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      parts.push(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
    }
    if (chunked) parts.push(Buffer.from('0\r\n\r\n'));
    body = Buffer.concat(parts);
    wholeBodies.set(name, body);
  }
  return body;
}

/**
 * Sends a POST with `bytes` of body the way a blocking client does (a simple sender, most scripts): it
 * writes the whole body first and reads the answer only after that. Its socket is paused until then, so
 * an answer is read only if the server let the body in: a server that closes with unread data resets the
 * connection, and the client sees EPIPE or ECONNRESET instead. Resolves with the status, or the error code.
 */
export function sendWholeBodyThenRead(url: string, bytes: number, chunked: boolean): Promise<number | string> {
  const { hostname, port } = new URL(url);
  const body = wholeBody(bytes, chunked);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.pause();
    let response = '';
    const finish = (fallback: string): void => {
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      resolve(status === undefined ? fallback : Number(status));
    };
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.on('close', () => finish('closed'));
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bytes}`;
    socket.write(`POST ${new URL(url).pathname} HTTP/1.1\r\nHost: ${hostname}\r\n${framing}\r\n\r\n`);
    socket.write(body, (error) => {
      if (error) return;
      socket.on('data', (data: Buffer) => {
        response += data.toString('latin1');
        if (response.includes('\r\n\r\n')) finish('partial');
      });
      socket.resume();
    });
  });
}
