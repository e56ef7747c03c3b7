/** Whether `redis-server` is on this machine's PATH. */
export declare const REDIS_AVAILABLE: boolean;

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, no save) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

export declare function startRedis(): Promise<RedisServer>;
