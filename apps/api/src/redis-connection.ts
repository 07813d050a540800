import type { RedisOptions } from "bullmq";
import { Redis } from "ioredis";

/** Plain connection options for a REDIS_URL (valid for ioredis and BullMQ); workers need `maxRetriesPerRequest: null`. */
export function redisOptions(url: string, forWorker = false): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    // Fail a command fast while Redis is down, so requests get a clear error instead of hanging.
    maxRetriesPerRequest: forWorker ? null : 1,
    enableOfflineQueue: true,
  };
}

/** A Redis client for a REDIS_URL. */
export function connectRedis(url: string, forWorker = false): Redis {
  return new Redis(redisOptions(url, forWorker));
}
