const REDIS_DOWN = /Connection is closed|ECONNREFUSED|ECONNRESET|max retries per request|Stream isn't writeable|enableOfflineQueue/i;

/** True for the errors ioredis raises while Redis is down or reconnecting. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "MaxRetriesPerRequestError" || REDIS_DOWN.test(error.message);
}
