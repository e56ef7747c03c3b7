/** Whether `redis-server` is on this machine's PATH. */
export declare const REDIS_AVAILABLE: boolean;

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, no save; SIGKILL for a crash) and waits for it to exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

/** `args`: more redis-server arguments (`['--requirepass', 'pw']`, `['--maxmemory', '2mb']`). */
export declare function startRedis(options?: { args?: string[] }): Promise<RedisServer>;
