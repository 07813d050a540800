// A real API on a random port over a temporary SQLite file and the real Redis with a random
// queue prefix; every SQL statement sent to SQLite is counted (for the DataLoader test).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { AccountService, migrateDatabase, PrismaClient, withImmediateTransactions } from "@gma/db";
import { Redis } from "ioredis";
import { afterEach } from "vitest";
import { parseConfig } from "../../src/env";
import { createLogger } from "../../src/logger";
import { startApi, type RunningApi } from "../../src/main";

/** Low argon2 cost: tests are about the API, not hashing strength. */
export const TEST_HASHING = { memoryCost: 1024, timeCost: 1 };
export const PASSWORD = "correct horse battery";

export interface TestApi {
  api: RunningApi;
  prisma: PrismaClient;
  /**
   * SQL statements sent so far (`count`; reset by assigning 0), and, while `sent` is an array,
   * each statement's text and arguments appended to it.
   */
  sql: { count: number; sent?: { sql: string; args: unknown[] }[] | undefined };
  users: Record<"ADMIN" | "CLINICIAN" | "ANALYST" | "CLINICIAN2", { id: string; email: string }>;
  gql(query: string, variables?: Record<string, unknown>, auth?: { token?: string; cookie?: string }): Promise<GqlResult>;
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface GqlResult {
  status: number;
  headers: Headers;
  data: Record<string, unknown> | null | undefined;
  errors: { message: string; extensions: { code: string; [k: string]: unknown } }[] | undefined;
}

export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const dir = mkdtempSync(path.join(tmpdir(), "gma-api-test-"));
  const prefix = `test-${randomBytes(6).toString("hex")}`;
  const config = parseConfig({ GMA_DATA_DIR: dir, API_PORT: "0", GMA_QUEUE_PREFIX: prefix, GMA_PROFILE: "development", ...env });
  await migrateDatabase(config.databaseFile);
  const sql: TestApi["sql"] = { count: 0 };
  // Transactions begin immediately, as openDatabase makes them in production.
  const factory = withImmediateTransactions(new PrismaBetterSQLite3({ url: `file:${config.databaseFile}` }, { timestampFormat: "unixepoch-ms" }));
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const note = (q: { sql: string; args: unknown[] }) => {
      sql.count++;
      sql.sent?.push({ sql: q.sql, args: q.args });
    };
    adapter.queryRaw = (q) => (note(q), queryRaw(q));
    adapter.executeRaw = (q) => (note(q), executeRaw(q));
    return adapter;
  };
  const prisma = new PrismaClient({ adapter: factory });
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  const accounts = new AccountService(prisma, { hashing: TEST_HASHING });
  const make = async (role: "ADMIN" | "CLINICIAN" | "ANALYST", name: string) => {
    const email = `${name}@test.local`;
    const user = await accounts.createUser({ email, displayName: name, password: PASSWORD, role });
    return { id: user.id, email };
  };
  const users = {
    ADMIN: await make("ADMIN", "admin"),
    CLINICIAN: await make("CLINICIAN", "clinician"),
    ANALYST: await make("ANALYST", "analyst"),
    CLINICIAN2: await make("CLINICIAN", "clinician2"),
  };
  const api = await startApi(config, { prisma, logger: createLogger("error", "api-test"), hashing: TEST_HASHING });

  const gql: TestApi["gql"] = async (query, variables, auth = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.cookie) headers.cookie = auth.cookie;
    const res = await fetch(`${api.url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: GqlResult["errors"] };
    return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
  };
  const login = async (email: string) => {
    const r = await gql(`mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p, bearer: true }) { token } }`, { e: email, p: PASSWORD });
    const token = (r.data?.login as { token?: string } | undefined)?.token;
    if (!token) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
    return token;
  };
  return {
    api,
    prisma,
    sql,
    users,
    gql,
    login,
    async close() {
      await api.close();
      await prisma.$disconnect();
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
      redis.on("error", () => {});
      try {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
      } catch {
        // a test pointed this API at a Redis that is not there: nothing to clean
      } finally {
        redis.disconnect();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fresh test APIs for each test of a suite, closed after it together with whatever else the test
 * registers with `onCleanup`, the last registered first. Call once at module level: it registers
 * the suite's afterEach.
 */
export function useTestApis() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  /** Runs `cleanup` after the current test, before what was registered earlier. */
  function onCleanup(cleanup: () => Promise<void> | void): void {
    cleanups.push(cleanup);
  }
  /** A test API with `env`, closed after the test. */
  async function api(env: Record<string, string> = {}): Promise<TestApi> {
    const t = await startTestApi(env);
    onCleanup(() => t.close());
    return t;
  }
  return { api, onCleanup };
}
