import type { IncomingMessage } from "node:http";
import express from "express";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/env";
import { forwardedClientIp, type TrustFunction } from "../../src/http/request-auth";
import { PASSWORD, useTestApis, type TestApi } from "../helpers/test-api";

const testApis = useTestApis();

function api(env: Record<string, string>) {
  // Two failures per address; the per-account limit stays out of the way.
  return testApis.api({ LOGIN_MAX_PER_ADDRESS: "2", LOGIN_MAX_PER_ACCOUNT: "100", ...env });
}

const LOGIN = `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p, bearer: true }) { token } }`;

/** A login as the dashboard's proxy forwards it: from loopback, naming the client in X-Forwarded-For. */
async function login(t: TestApi, email: string, password: string, forwardedFor?: string) {
  const res = await fetch(`${t.api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor, "x-forwarded-proto": "http" } : {}) },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as { data?: { login?: { token: string } } | null; errors?: { extensions: { code: string } }[] };
  return { code: body.errors?.[0]?.extensions.code ?? "OK", token: body.data?.login?.token };
}

async function failTwice(t: TestApi, forwardedFor: string) {
  expect((await login(t, "nobody-1@test.local", "wrong password", forwardedFor)).code).toBe("UNAUTHENTICATED");
  expect((await login(t, "nobody-2@test.local", "wrong password", forwardedFor)).code).toBe("UNAUTHENTICATED");
}

describe("TRUST_PROXY", () => {
  it("parses like Express's trust proxy setting, defaulting to loopback, and names bad values", () => {
    const parse = (value?: string) => parseConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;
    expect(parse()).toEqual(["loopback"]);
    expect(parse("false")).toBe(false);
    expect(parse("true")).toBe(true);
    expect(parse("2")).toBe(2);
    expect(parse(" loopback, 10.0.0.0/8 ,192.168.1.7, fd00::/8, 172.16.0.0/255.240.0.0")).toEqual(["loopback", "10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/255.240.0.0"]);
    for (const bad of ["proxy.example.org", "10.0.0.0/33", "10.0.0.1/8/2", "::1/129", ","]) {
      expect(() => parse(bad), bad).toThrow(ConfigError);
      expect(() => parse(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it("counts failed logins by the forwarded client address when the proxy on loopback is trusted", async () => {
    const t = await api({ TRUST_PROXY: "loopback" });
    await failTwice(t, "203.0.113.7");
    expect((await login(t, t.users.ADMIN.email, PASSWORD, "203.0.113.7")).code).toBe("RATE_LIMITED");
    // Another client behind the same proxy is not locked out by the first one.
    const other = await login(t, t.users.ADMIN.email, PASSWORD, "203.0.113.8");
    expect(other.code).toBe("OK");
    // The session records the client's address, not the proxy's.
    const sessions = await t.gql(`{ sessions(first: 50) { edges { node { ip user { email } } } } }`, {}, { token: other.token! });
    const ips = (sessions.data!.sessions as { edges: { node: { ip: string; user: { email: string } } }[] }).edges.map((e) => e.node.ip);
    expect(ips).toEqual(["203.0.113.8"]);
  });

  it("takes the address the trusted proxy appended, not what the client wrote before it", async () => {
    const t = await api({ TRUST_PROXY: "loopback" });
    // A client that sends its own X-Forwarded-For to the dashboard: the proxy appends the real peer.
    await failTwice(t, "198.51.100.1, 203.0.113.7");
    expect((await login(t, t.users.ADMIN.email, PASSWORD, "198.51.100.2, 203.0.113.7")).code).toBe("RATE_LIMITED");
    expect((await login(t, t.users.ADMIN.email, PASSWORD, "198.51.100.1, 203.0.113.9")).code).toBe("OK");
  });

  it("ignores X-Forwarded-For when the peer is not trusted, counting the peer's own address", async () => {
    for (const setting of ["false", "10.9.9.9"]) {
      const t = await api({ TRUST_PROXY: setting });
      await failTwice(t, "203.0.113.7");
      expect((await login(t, t.users.ADMIN.email, PASSWORD, "203.0.113.8")).code, setting).toBe("RATE_LIMITED");
      expect((await login(t, t.users.ADMIN.email, PASSWORD)).code, setting).toBe("RATE_LIMITED");
    }
  });

  it("finds the websocket client's address by Express's rule for each kind of setting", () => {
    const ip = (setting: boolean | number | string[], peer: string, forwardedFor?: string) => {
      const app = express();
      app.set("trust proxy", setting);
      const req = { socket: { remoteAddress: peer }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} } as unknown as IncomingMessage;
      return forwardedClientIp(req, app.get("trust proxy fn") as TrustFunction);
    };
    expect(ip(["loopback"], "::ffff:127.0.0.1", "1.1.1.1, 203.0.113.7")).toBe("203.0.113.7");
    expect(ip(["loopback"], "192.0.2.1", "203.0.113.7")).toBe("192.0.2.1");
    expect(ip(["loopback"], "127.0.0.1")).toBe("127.0.0.1");
    expect(ip(false, "127.0.0.1", "203.0.113.7")).toBe("127.0.0.1");
    expect(ip(true, "127.0.0.1", "1.1.1.1, 203.0.113.7")).toBe("1.1.1.1");
    expect(ip(2, "10.0.0.2", "1.1.1.1, 203.0.113.7, 10.0.0.1")).toBe("203.0.113.7");
  });
});
