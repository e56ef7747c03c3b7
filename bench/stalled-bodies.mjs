// `node bench/stalled-bodies.mjs [count]`: what large pay-per-view bodies that stall cost a receiver, by
// how it is set up. For each setup a node:http server with createNodeHandler runs in a child process; the
// load opens `count` connections on 127.0.0.1 that each declare an 8 MiB body, send all of it but its last
// byte, and stall. The child's RSS is read before and while they stall. Prints one JSON line per setup.
import { fork } from 'node:child_process';
import { connect } from 'node:net';

const count = Number(process.argv[2] ?? 60);
const bodyBytes = 8 * 1024 * 1024 - 1024;

if (process.argv[2] === '--child') {
  const { createNodeHandler } = await import(`${process.env.WMSPANEL_DIST ?? '../dist'}/node.js`);
  const { createServer } = await import('node:http');
  const allowedSenders = process.env.ALLOWED === '' ? undefined : process.env.ALLOWED.split(',');
  const handle = createNodeHandler({ token: 'wmspanel-token-0123456789abcdef', onPayPerViewSync: () => undefined, onError: () => undefined, allowedSenders, bodyTimeoutMs: 60_000 });
  const server = createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'rss') {
      globalThis.gc?.();
      process.send({ rss: process.memoryUsage().rss });
    }
  });
} else {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const ask = (child, what) => new Promise((resolve) => {
    child.once('message', resolve);
    child.send(what);
  });
  for (const [setup, allowed] of [
    ['onPayPerViewSync, any sender', ''],
    ['onPayPerViewSync, allowedSenders (the load is not one)', '192.0.2.1'],
  ]) {
    const child = fork(new URL(import.meta.url).pathname, ['--child'], { env: { ...process.env, ALLOWED: allowed }, execArgv: ['--expose-gc'] });
    const { port } = await new Promise((resolve) => child.once('message', resolve));
    const before = (await ask(child, 'rss')).rss;
    const sockets = [];
    let refused = 0;
    await Promise.all(
      Array.from({ length: count }, () => new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1');
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.on('data', (data) => {
          if (/^HTTP\/1\.1 403/.test(data.toString('latin1'))) refused++;
          resolve();
        });
        socket.on('close', resolve);
        socket.write(`POST /ppv HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${bodyBytes}\r\n\r\n`);
        let sent = 0;
        const more = () => {
          while (sent + chunk.length < bodyBytes - 1) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', more);
          }
          socket.write(chunk.subarray(0, bodyBytes - 1 - sent), () => setTimeout(resolve, 200));
        };
        more();
      })),
    );
    const during = (await ask(child, 'rss')).rss;
    for (const socket of sockets) socket.destroy();
    child.kill();
    console.log(JSON.stringify({ setup, connections: count, bodyBytes, refused403: refused, rssBeforeMB: Math.round(before / 1e6), rssStalledMB: Math.round(during / 1e6) }));
  }
}
