// Forwards a request to the API origin so that the session cookie stays same-origin with the
// dashboard. Route handlers (not next.config rewrites) so that API_URL is read at run time:
// rewrites are frozen into the build.

const API_URL = process.env.API_URL ?? "http://127.0.0.1:4000";

// Hop-by-hop headers and ones fetch sets itself.
const DROP_REQUEST = new Set(["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "content-length", "expect"]);
// fetch has already decoded the body; Set-Cookie is copied one by one below.
const DROP_RESPONSE = new Set(["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive", "set-cookie"]);

/** The API origin the dashboard proxies to. */
export function apiOrigin(): string {
  return API_URL;
}

/** Proxies `request` to `pathname` (plus the original query string) on the API. */
export async function proxyToApi(request: Request, pathname: string): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(pathname + incoming.search, API_URL);
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!DROP_REQUEST.has(name)) headers.set(name, value);
  });
  // Who asked, for the API's per-address login limit and session records: the server
  // (scripts/serve.mjs) has appended the caller's address to X-Forwarded-For; the API believes
  // the chain only as far as its TRUST_PROXY allows.
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
  headers.set("x-forwarded-proto", request.headers.get("x-forwarded-proto") ?? incoming.protocol.replace(/:$/, ""));
  headers.set("x-forwarded-host", request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? incoming.host);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: "manual",
      cache: "no-store",
      // Streams uploads through instead of buffering them.
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch {
    return Response.json(
      { errors: [{ message: `The API at ${API_URL} does not answer. Start it (npm start) or set API_URL.`, extensions: { code: "API_UNREACHABLE" } }] },
      { status: 502 },
    );
  }
  const out = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROP_RESPONSE.has(name)) out.set(name, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}
