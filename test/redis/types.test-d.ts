import { Redis as IORedis6 } from 'ioredis';
import { Redis as IORedis5 } from 'ioredis5';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { describe, expectTypeOf, it } from 'vitest';
import type { ReplayStore } from '../../src/index.js';
import { createRedisReplayStore, type RedisReplayStoreOptions } from '../../src/redis/index.js';

describe('createRedisReplayStore types', () => {
  it('takes the clients of redis v5 and v6 and ioredis v5 and v6 as they are, without a cast', () => {
    expectTypeOf(createClient6()).toExtend<RedisReplayStoreOptions['client']>();
    expectTypeOf(createClient5()).toExtend<RedisReplayStoreOptions['client']>();
    expectTypeOf(new IORedis6()).toExtend<RedisReplayStoreOptions['client']>();
    expectTypeOf(new IORedis5()).toExtend<RedisReplayStoreOptions['client']>();
  });

  it('returns a ReplayStore, and a client is required', () => {
    expectTypeOf(createRedisReplayStore).returns.toEqualTypeOf<ReplayStore>();
    expectTypeOf<{ prefix: string }>().not.toExtend<RedisReplayStoreOptions>();
  });
});
