import type { IncomingMessage } from "node:http";
import type { Request, Response } from "express";
import { accessOf, type Access } from "../auth/permission-matrix";
import type { Viewer } from "../context.type";
import { ForbiddenError } from "../errors/forbidden-error";
import { UnauthenticatedError } from "../errors/unauthenticated-error";
import type { ApiServices } from "../services";

/** Reads one cookie from the Cookie header (no dependency for one value). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token of a request: a bearer token wins over the session cookie. */
export function requestToken(req: Request, cookieName: string): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  return readCookie(req.headers.cookie, cookieName);
}

/** The signed-in viewer of a request, or null. */
export async function resolveViewer(req: Request, services: ApiServices): Promise<Viewer | null> {
  const token = requestToken(req, services.config.cookie.name);
  if (!token) return null;
  const found = await services.sessions.validate(token);
  if (!found) return null;
  return { ...found.user, sessionId: found.sessionId };
}

/**
 * The viewer of a plain HTTP route and their access to `operation` (an `http:*` row of the
 * permission matrix); throws UNAUTHENTICATED without a session and FORBIDDEN, with `refusal` as
 * the message, when the role has no access.
 */
export async function authorizeRequest(req: Request, services: ApiServices, operation: string, refusal: string): Promise<{ viewer: Viewer; access: Exclude<Access, "none"> }> {
  const viewer = await resolveViewer(req, services);
  if (!viewer) throw new UnauthenticatedError();
  const access = accessOf(viewer.role, operation);
  if (access === "none") throw new ForbiddenError(refusal);
  return { viewer, access };
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure per config. */
export function setSessionCookie(res: Response, services: ApiServices, token: string, expiresAt: Date): void {
  res.cookie(services.config.cookie.name, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: services.config.cookie.secure,
    path: "/",
    expires: expiresAt,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(res: Response, services: ApiServices): void {
  res.clearCookie(services.config.cookie.name, { httpOnly: true, sameSite: "lax", secure: services.config.cookie.secure, path: "/" });
}

/** Client address as Express sees it: X-Forwarded-For counts only from peers TRUST_PROXY trusts. */
export function clientIp(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

/** Express's compiled `trust proxy` setting (`app.get("trust proxy fn")`): may `address`, `hop` steps from us, speak for the client? */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The client address of a request Express does not route (the websocket upgrade), by Express's
 * rule: walk from the socket's peer back through X-Forwarded-For while each address is trusted;
 * the first untrusted one (or the last one there is) is the client.
 */
export function forwardedClientIp(req: IncomingMessage, trust: TrustFunction): string {
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .reverse();
  const chain = [req.socket.remoteAddress ?? "unknown", ...forwarded];
  let hop = 0;
  while (hop < chain.length - 1 && trust(chain[hop]!, hop)) hop++;
  return chain[hop]!.replace(/^::ffff:/, "");
}
