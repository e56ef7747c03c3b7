// The Redis clients users have: node-redis (`redis`) v5 and v6, ioredis v5 and v6, each connected the
// way its documentation shows. Every client here has an error listener: a client without one throws
// on a lost connection (node-redis) or logs it (ioredis).
import { Redis as IORedis6 } from 'ioredis';
import { Redis as IORedis5 } from 'ioredis5';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import type { IoRedisClientLike, NodeRedisClientLike } from '../../src/redis/index.js';

export interface ConnectedClient {
  client: NodeRedisClientLike | IoRedisClientLike;
  /** A raw command, for looking at what the store wrote. */
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

export interface ClientKind {
  name: string;
  /** Connects to `url`; `connected: false` makes one that never reached the server (a closed port). */
  connect(url: string, connected?: boolean): Promise<ConnectedClient>;
}

const ignore = (): void => undefined;

function nodeRedis(name: string, createClient: typeof createClient6): ClientKind {
  return {
    name,
    async connect(url, connected = true) {
      const client = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: () => 100 } });
      client.on('error', ignore);
      if (connected) await client.connect();
      else client.connect().catch(ignore);
      return {
        client: client as unknown as NodeRedisClientLike,
        command: (args) => client.sendCommand(args),
        close: async () => {
          client.destroy();
        },
      };
    },
  };
}

function ioRedis(name: string, Redis: typeof IORedis6): ClientKind {
  return {
    name,
    async connect(url, connected = true) {
      const client = new Redis(url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: null });
      client.on('error', ignore);
      if (connected) await client.connect();
      else client.connect().catch(ignore);
      return {
        client,
        command: ([command, ...args]) => client.call(command!, ...args),
        close: async () => {
          client.disconnect();
        },
      };
    },
  };
}

export const clientKinds: ClientKind[] = [
  nodeRedis('redis 6 (node-redis)', createClient6),
  nodeRedis('redis 5 (node-redis)', createClient5 as unknown as typeof createClient6),
  ioRedis('ioredis 6', IORedis6),
  ioRedis('ioredis 5', IORedis5 as unknown as typeof IORedis6),
];
