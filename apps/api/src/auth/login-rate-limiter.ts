import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimitedError } from "../errors/rate-limited-error";

/** Options of {@link LoginRateLimiter}. */
export interface LoginRateLimiterOptions {
  /** Redis key prefix (the queue prefix, so test runs stay apart). */
  prefix: string;
  /**
   * Failed logins allowed per account within the window.
   * @defaultValue 5
   */
  maxPerAccount?: number;
  /**
   * Failed logins allowed per client address within the window.
   * @defaultValue 20
   */
  maxPerAddress?: number;
  /**
   * Window length in seconds; counting starts at the first failure.
   * @defaultValue 900
   */
  windowSeconds?: number;
}

/**
 * Counts failed logins per account and per address in Redis, so that every API process shares
 * the counts. Fixed windows: the first failure starts one; success clears the account's count.
 */
export class LoginRateLimiter {
  private readonly options: Required<LoginRateLimiterOptions>;

  constructor(
    private readonly redis: Redis,
    options: LoginRateLimiterOptions,
  ) {
    this.options = { maxPerAccount: 5, maxPerAddress: 20, windowSeconds: 900, ...options };
    for (const key of ["maxPerAccount", "maxPerAddress", "windowSeconds"] as const) {
      const value = this.options[key];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`LoginRateLimiter: ${key} must be a positive integer, got ${value}`);
    }
  }

  /** Throws RATE_LIMITED when either counter is at its limit. */
  async check(email: string, address: string): Promise<void> {
    const [account, addr] = this.keys(email, address);
    const [[, a], [, b], [, ttlA], [, ttlB]] = (await this.redis
      .multi()
      .get(account)
      .get(addr)
      .ttl(account)
      .ttl(addr)
      .exec()) as [unknown, string | null][] & [[unknown, string | null], [unknown, string | null], [unknown, number], [unknown, number]];
    const overAccount = Number(a ?? 0) >= this.options.maxPerAccount;
    const overAddress = Number(b ?? 0) >= this.options.maxPerAddress;
    if (overAccount || overAddress) {
      const ttl = Math.max(overAccount ? ttlA : 0, overAddress ? ttlB : 0, 1);
      throw new RateLimitedError(ttl, "Too many failed sign-in attempts.");
    }
  }

  /** Counts one failed attempt against the account and the address. */
  async recordFailure(email: string, address: string): Promise<void> {
    const window = this.options.windowSeconds;
    const multi = this.redis.multi();
    for (const key of this.keys(email, address)) multi.incr(key).expire(key, window, "NX");
    await multi.exec();
  }

  /** Clears the account's count after a successful login (the address count stays). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.keys(email, "")[0]);
  }

  private keys(email: string, address: string): [string, string] {
    // Hash the email so that Redis holds no personal data.
    const hashed = createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
    return [`${this.options.prefix}:login:account:${hashed}`, `${this.options.prefix}:login:address:${address}`];
  }
}
