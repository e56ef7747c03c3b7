// `npm run build && node bench/redis-memory.mjs`: what one replay key costs in a real redis-server (the figures of
// docs/replay-protection.md, "How long keys live and what it costs"). For each shape of key: `MEMORY USAGE`
// of one key, and the growth of `used_memory` per key over many keys of that shape (which adds the expiry
// entry and the hash tables). Keys are written with SET ... PX, as the store's commit script writes them.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { DEFAULT_REDIS_KEY_PREFIX as PREFIX } from '../dist/redis.js';
import { startRedis } from '../test/redis/redis-server.mjs';

const DAY_MS = '86400000';
const signed = () => `${PREFIX}sig:${randomUUID()}${randomUUID()}`;
let servers = 0;
const serverStatus = () => `${PREFIX}d93053a1875c034384bb4fb06b20792f7:offlineedge${++servers}.example.com`;
const denyList = (ids) => `done:${JSON.stringify(ids)}`;
const shortIds = Array.from({ length: 100 }, (_, i) => String(100000 + i));

const shapes = [
  { name: 'server status, done', key: serverStatus, value: () => 'done', count: 100_000 },
  { name: 'stream notification, done', key: signed, value: () => 'done', count: 100_000 },
  { name: 'pay-per-view sync, empty deny list', key: signed, value: () => denyList([]), count: 100_000 },
  { name: 'pay-per-view sync, empty deny list (10 servers, 30 s, 24 h)', key: signed, value: () => denyList([]), count: 28_800 },
  { name: 'pay-per-view sync, 100 ids of 6 digits', key: signed, value: () => denyList(shortIds), count: 10_000 },
  { name: 'pay-per-view sync, 100 ids of 6 digits (10 servers, 30 s, 24 h)', key: signed, value: () => denyList(shortIds), count: 28_800 },
  { name: 'pay-per-view sync, 100 UUID ids', key: signed, value: () => denyList(Array.from({ length: 100 }, () => randomUUID())), count: 10_000 },
];

const redis = await startRedis();
const client = await createClient({ url: redis.url })
  .on('error', (error) => console.error(`Redis: ${error.message}`))
  .connect();
try {
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await client.sendCommand(['INFO', 'memory']))[1]);
  console.log(/redis_version:\S+/.exec(await client.sendCommand(['INFO', 'server']))[0]);
  for (const { name, key, value, count } of shapes) {
    await client.sendCommand(['FLUSHALL', 'SYNC']);
    const one = key();
    const text = value();
    await client.sendCommand(['SET', one, text, 'PX', DAY_MS]);
    const usage = await client.sendCommand(['MEMORY', 'USAGE', one, 'SAMPLES', '0']);
    await client.sendCommand(['FLUSHALL', 'SYNC']);
    const before = await usedMemory();
    for (let written = 0; written < count; written += 800) {
      const batch = Array.from({ length: Math.min(800, count - written) }, () => client.sendCommand(['SET', key(), value(), 'PX', DAY_MS]));
      await Promise.all(batch);
    }
    const grown = (await usedMemory()) - before;
    console.log(
      `${name}: key ${one.length} characters, value ${text.length} bytes; MEMORY USAGE ${usage} bytes; ` +
        `used_memory ${(grown / count).toFixed(0)} bytes per key over ${count.toLocaleString('en-US')} keys (${(grown / 2 ** 20).toFixed(1)} MiB)`,
    );
  }
} finally {
  client.destroy();
  await redis.close();
}
