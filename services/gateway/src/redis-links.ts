import { traceRedisCommands, type Logger } from '@rcr/platform';
import type { Redis, RedisOptions } from 'ioredis';

/** Longest pause between reconnection attempts, so a Redis that is back is used again within a second. */
export const REDIS_RECONNECT_MAX_DELAY_MS = 250;

/**
 * ioredis options for the gateway's links to Redis: no offline queue and no retries (a command sent while
 * Redis is away fails at once instead of waiting), a short command timeout, and reconnection attempts at
 * most `REDIS_RECONNECT_MAX_DELAY_MS` apart.
 */
export function redisLinkOptions(commandTimeoutMs: number, connectionName: string): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1000, 2 * commandTimeoutMs),
    retryStrategy: (attempt) => Math.min(50 * attempt, REDIS_RECONNECT_MAX_DELAY_MS),
    connectionName,
  };
}

/**
 * The gateway's own connections to the Redis shared by every gateway: one for commands (rate-limit
 * counters, the shared cache tier) and one for subscriptions (cache generation announcements). Redis is a
 * cache and a limiter here, never the record: callers check `up` and fall back to local state rather
 * than fail, so an outage costs no request an exception.
 */
export class RedisLinks {
  readonly commands: Redis;
  readonly subscriber: Redis;

  /** Opens both links; ioredis loads here, so a gateway without Redis never loads it (ADR 0034). */
  static async open(
    url: string,
    commandTimeoutMs: number,
    namespace: string,
    log: Logger,
  ): Promise<RedisLinks> {
    const { Redis } = await import('ioredis');
    return new RedisLinks(Redis, url, commandTimeoutMs, namespace, log);
  }

  private constructor(
    RedisClient: typeof Redis,
    url: string,
    commandTimeoutMs: number,
    namespace: string,
    log: Logger,
  ) {
    // Cache and rate-limit commands as spans of the request that sends them (ADR 0031, amendment).
    this.commands = traceRedisCommands(
      new RedisClient(url, redisLinkOptions(commandTimeoutMs, `${namespace}-gateway`)),
    );
    // SUBSCRIBE waits for the connection (and ioredis re-subscribes after every reconnect).
    this.subscriber = new RedisClient(url, {
      ...redisLinkOptions(commandTimeoutMs, `${namespace}-gateway-sub`),
      enableOfflineQueue: true,
      commandTimeout: undefined,
    });
    let warned = false;
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', (err: Error) => {
        // One line per outage, not one per reconnection attempt.
        if (!warned) log.warn({ err: err.message }, 'redis unreachable; serving from local state');
        warned = true;
      });
      client.on('ready', () => {
        if (warned) log.info('redis reachable again');
        warned = false;
      });
    }
  }

  /** Whether commands can be sent now (connected and ready). */
  get up(): boolean {
    return this.commands.status === 'ready';
  }

  /** Whether Redis answers a PING within the command timeout (readiness). */
  async ping(): Promise<boolean> {
    if (!this.up) return false;
    return this.commands.ping().then(
      () => true,
      () => false,
    );
  }

  close(): void {
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
