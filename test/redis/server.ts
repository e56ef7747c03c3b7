// The real redis-server of the Redis tests. Where redis-server is missing, a local run skips those tests
// with a loud message; with CI set, it fails (.ci/run installs it).
import { REDIS_AVAILABLE } from './redis-server.mjs';

export { REDIS_AVAILABLE, startRedis, type RedisServer } from './redis-server.mjs';

if (!REDIS_AVAILABLE) {
  const message = 'redis-server is not installed: the Redis replay store tests are SKIPPED (apt-get install redis-server)';
  if (process.env.CI) throw new Error(`${message}; in CI this is a failure`);
  console.warn(`\n${'!'.repeat(100)}\n${message}\n${'!'.repeat(100)}\n`);
}
