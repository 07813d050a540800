// Pure helper of scripts/serve.mjs, apart so that a test can import it without starting Next.

/**
 * Appends the address of whoever called the dashboard to X-Forwarded-For, keeping what the
 * caller sent before it, and fills X-Forwarded-Proto and X-Forwarded-Host when absent. `next
 * start` only sets X-Forwarded-For when the caller did not, so a client could name any address
 * it liked; appended, the last entry is always the true peer, and the API's TRUST_PROXY decides
 * how far back to believe the chain.
 *
 * @param {import("node:http").IncomingMessage} req the request, changed in place
 */
export function appendForwardedHeaders(req) {
  const peer = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  const given = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(given) ? given.join(", ") : (given ?? "")).trim();
  if (peer) req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  req.headers["x-forwarded-proto"] ??= "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  if (req.headers.host) req.headers["x-forwarded-host"] ??= req.headers.host;
}
