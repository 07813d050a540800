import { randomBytes } from "node:crypto";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// Algorithm is an ambient const enum, which isolatedModules cannot read; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** argon2id cost parameters. */
export interface PasswordHasherOptions {
  /**
   * Memory per hash in KiB.
   * @defaultValue 19456 (19 MiB, OWASP's argon2id minimum)
   */
  memoryCost?: number;
  /**
   * Iterations.
   * @defaultValue 2
   */
  timeCost?: number;
}

/**
 * Hashes and verifies passwords with argon2id. Also verifies against a dummy hash of the same
 * cost when there is no account, so that an unknown email costs as much time as a wrong
 * password and the response time does not reveal which emails exist.
 */
export class PasswordHasher {
  private readonly options: { algorithm: Algorithm; memoryCost: number; timeCost: number; parallelism: number };
  private dummyHash: Promise<string>;

  constructor(options: PasswordHasherOptions = {}) {
    const memoryCost = options.memoryCost ?? 19456;
    const timeCost = options.timeCost ?? 2;
    if (!Number.isInteger(memoryCost) || memoryCost < 1024) throw new RangeError(`PasswordHasher: memoryCost must be an integer >= 1024 KiB (got ${memoryCost})`);
    if (!Number.isInteger(timeCost) || timeCost < 1) throw new RangeError(`PasswordHasher: timeCost must be a positive integer (got ${timeCost})`);
    this.options = { algorithm: ARGON2ID, memoryCost, timeCost, parallelism: 1 };
    // Made now (on libuv's pool) so the first unknown-email sign-in is not slower than the rest.
    this.dummyHash = this.hash(randomBytes(32).toString("base64url"));
    this.dummyHash.catch(() => undefined);
  }

  /** argon2id PHC string of `password`, with a fresh random salt. */
  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  /** True when `password` matches `passwordHash`; false for a mismatch or a malformed hash. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as {@link verify} on an account that does not exist; always false. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
