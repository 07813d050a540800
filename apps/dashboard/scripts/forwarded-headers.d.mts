import type { IncomingMessage } from "node:http";

/** Appends the caller's address to X-Forwarded-For and fills X-Forwarded-Proto / -Host when absent. */
export function appendForwardedHeaders(req: IncomingMessage): void;
