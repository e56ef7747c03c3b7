// The real redis-server of the Redis tests. Where redis-server is missing, the Redis tests fail, naming the
// command that installs it, unless WMSPANEL_TEST_ALLOW_MISSING names it (scripts/system-packages.mjs): then
// they are skipped, loudly. `npm test` checks the same before it starts; .ci/run installs it.
import { allowedMissing, installCommand } from '../../scripts/system-packages.mjs';
import { REDIS_AVAILABLE } from './redis-server.mjs';

export { REDIS_AVAILABLE, startRedis, type RedisServer } from './redis-server.mjs';

if (!REDIS_AVAILABLE) {
  const message = `redis-server is not installed (${installCommand(['redis-server'])})`;
  if (!allowedMissing('redis-server')) throw new Error(`${message}; WMSPANEL_TEST_ALLOW_MISSING=redis-server skips the Redis tests instead`);
  console.warn(`\n${'!'.repeat(100)}\n${message}: the Redis replay store tests are SKIPPED\n${'!'.repeat(100)}\n`);
}
