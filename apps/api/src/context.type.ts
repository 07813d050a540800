import type { Role } from "./auth/permission-matrix";
import type { Loaders } from "./modules/loaders";
import type { ApiServices } from "./services";

/** The signed-in account behind a request. */
export interface Viewer {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** Session row id; tokens and cookies both resolve to one. */
  sessionId: number;
}

/** Per-request GraphQL context. */
export interface GraphQLContext {
  /** Id echoed in the X-Request-Id header, logs and hidden-error messages. */
  requestId: string;
  viewer: Viewer | null;
  /** Client address (behind TRUST_PROXY, the forwarded one). */
  ip: string;
  userAgent: string | undefined;
  services: ApiServices;
  /** DataLoaders, fresh per request so that nothing is cached across users. */
  loaders: Loaders;
  /** Sets the session cookie on the HTTP response (login). */
  setSessionCookie(token: string, expiresAt: Date): void;
  /** Clears the session cookie (logout). */
  clearSessionCookie(): void;
}
