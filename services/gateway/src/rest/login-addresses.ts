import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '@rcr/platform';

/** The options of the store. */
export interface LoginAddressesOptions {
  /** Redis shared by every gateway; absent → this process remembers alone. */
  redis?: Redis | undefined;
  /** Prefix of the Redis keys (`<namespace>:login-known:`). */
  prefix: string;
  /** How long a successful login keeps its address known; 0 remembers nothing (every address is new). */
  ttlMs: number;
  /** Most entries kept in this process; past it the oldest is forgotten (Redis still knows it). */
  maxEntries?: number;
  /**
   * Keys that sign login device tokens (the first signs, all verify; every gateway needs the same);
   * absent → no device tokens. Same lifetime as a known address (`ttlMs`).
   */
  deviceKeys?: readonly Buffer[];
  log: Logger;
}

/** A login device token: a random device id, its expiry (s since the epoch), an HMAC over both and the account. */
const DEVICE_TOKEN = /^([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * The addresses each account has logged in from successfully, so that the per-account login limit can
 * count them apart (see `installRateLimits`): someone guessing at an account from elsewhere then cannot
 * lock its owner out of the addresses the owner uses. Entries are opaque keys (the caller hashes account
 * and address together), kept in this process and, when configured, in Redis for every gateway. Never
 * fails: when Redis is away, an address this process does not know is treated as new.
 *
 * Also the devices: a successful login is given a device token (`RCR-Login-Device`), signed for that
 * account, which the next login from the same client sends back from wherever it is; a valid one has a
 * budget of its own too, so an owner travelling to an address they never used is not locked out either
 * (OWASP's "device cookies"). Stateless: the token carries its device id and expiry under an HMAC.
 */
export class LoginAddresses {
  /** key → expiry (ms since the epoch), oldest first. */
  readonly #local = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(private readonly options: LoginAddressesOptions) {
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** Remembers `key` (an account at an address) after a successful login. */
  async remember(key: string): Promise<void> {
    if (!this.enabled) return;
    this.#local.delete(key);
    this.#local.set(key, Date.now() + this.options.ttlMs);
    while (this.#local.size > this.#maxEntries) {
      const oldest = this.#local.keys().next().value as string;
      this.#local.delete(oldest);
    }
    const redis = this.options.redis;
    if (redis?.status !== 'ready') return;
    await redis.set(`${this.options.prefix}${key}`, '1', 'PX', this.options.ttlMs).catch((err: Error) => {
      this.options.log.debug({ err: err.message }, 'known login address not shared');
    });
  }

  /**
   * A device token for `account` (an opaque account key), valid `ttlMs` from now: the same device id as
   * `device` when one is given (its login renews it), else a new one; undefined when devices are off.
   */
  issueDevice(account: string, device?: string): string | undefined {
    const key = this.options.deviceKeys?.[0];
    if (!this.enabled || !key) return undefined;
    const id = device ?? randomBytes(16).toString('base64url');
    const expires = Math.floor((Date.now() + this.options.ttlMs) / 1000);
    return `${id}.${expires}.${deviceSignature(key, account, id, expires)}`;
  }

  /** The device id of a valid, unexpired device token signed for `account`; undefined for anything else. */
  deviceOf(token: unknown, account: string): string | undefined {
    const keys = this.options.deviceKeys;
    if (!this.enabled || !keys?.length || typeof token !== 'string') return undefined;
    const parts = DEVICE_TOKEN.exec(token);
    if (!parts) return undefined;
    const [, id, expires, signature] = parts as unknown as [string, string, string, string];
    if (Number(expires) * 1000 <= Date.now()) return undefined;
    const given = Buffer.from(signature, 'base64url');
    const valid = keys.some((key) =>
      timingSafeEqual(Buffer.from(deviceSignature(key, account, id, Number(expires)), 'base64url'), given),
    );
    return valid ? id : undefined;
  }

  /** True when `key` logged in successfully within the last `ttlMs` (here or, with Redis, at any gateway). */
  async known(key: string): Promise<boolean> {
    if (!this.enabled) return false;
    const expires = this.#local.get(key);
    if (expires !== undefined) {
      if (expires > Date.now()) return true;
      this.#local.delete(key);
    }
    const redis = this.options.redis;
    if (redis?.status !== 'ready') return false;
    try {
      return (await redis.exists(`${this.options.prefix}${key}`)) === 1;
    } catch {
      return false;
    }
  }
}

function deviceSignature(key: Buffer, account: string, id: string, expires: number): string {
  return createHmac('sha256', key).update(`${account}\n${id}.${expires}`).digest('base64url');
}
