import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/env";
import { createLogger } from "../../src/logger";
import { startApi } from "../../src/main";

/** Starts an API with `env` and returns the fields of its "API listening" log line. */
async function listeningLine(env: Record<string, string>): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), "gma-api-url-"));
  const prefix = `test-${randomBytes(6).toString("hex")}`;
  const lines: string[] = [];
  const api = await startApi(parseConfig({ GMA_DATA_DIR: dir, API_PORT: "0", GMA_QUEUE_PREFIX: prefix, GMA_PROFILE: "development", ...env }), {
    logger: createLogger("info", "api-test", (line) => lines.push(line)),
  });
  try {
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === "API listening");
    expect(line).toBeDefined();
    return { ...line!, boundUrl: api.url };
  } finally {
    await api.close();
    const redis = new Redis(parseConfig({}).redisUrl, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the API's start-up line", () => {
  it("names the address it listens on when API_PUBLIC_URL is not set", async () => {
    const line = await listeningLine({});
    expect(line.url).toBe(`${line.boundUrl as string}/graphql`);
    expect(line.bound).toBeUndefined();
  });

  it("names API_PUBLIC_URL, where operators reach it behind a proxy, and the bound address beside it", async () => {
    const line = await listeningLine({ API_PUBLIC_URL: "https://gma.example.org/" });
    expect(line).toMatchObject({ url: "https://gma.example.org/graphql", board: "https://gma.example.org/admin/queues", bound: line.boundUrl });
  });
});
