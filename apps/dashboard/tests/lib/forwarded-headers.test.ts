import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { appendForwardedHeaders } from "../../scripts/forwarded-headers.mjs";

function request(peer: string, headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { socket: { remoteAddress: peer, ...(encrypted ? { encrypted: true } : {}) }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe("appendForwardedHeaders (the dashboard server)", () => {
  it("names the caller in X-Forwarded-For when it sent none", () => {
    const req = request("::ffff:203.0.113.7", { host: "dash.example" });
    appendForwardedHeaders(req);
    expect(req.headers).toMatchObject({ "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "http", "x-forwarded-host": "dash.example" });
  });

  it("appends the caller after whatever X-Forwarded-For it sent, so the last entry is always the true peer", () => {
    const req = request("203.0.113.7", { "x-forwarded-for": "1.2.3.4" });
    appendForwardedHeaders(req);
    expect(req.headers["x-forwarded-for"]).toBe("1.2.3.4, 203.0.113.7");
  });

  it("keeps the protocol and host a proxy in front already named, and says https on a TLS socket", () => {
    const behind = request("127.0.0.1", { "x-forwarded-proto": "https", "x-forwarded-host": "gma.example", host: "127.0.0.1:3000" });
    appendForwardedHeaders(behind);
    expect(behind.headers).toMatchObject({ "x-forwarded-proto": "https", "x-forwarded-host": "gma.example" });
    const tls = request("203.0.113.7", {}, true);
    appendForwardedHeaders(tls);
    expect(tls.headers["x-forwarded-proto"]).toBe("https");
  });
});
