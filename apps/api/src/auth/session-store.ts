/** A new session: the token goes to the client once; only its hash is stored. */
export interface IssuedSession {
  token: string;
  sessionId: number;
  expiresAt: Date;
}

/** The account behind a session. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: "ADMIN" | "CLINICIAN" | "ANALYST";
}

/** What the purge of expired sessions did. */
export interface PurgeResult {
  rows: number;
  batches: number;
  durationMs: number;
  vacuumed: boolean;
}

/**
 * The session store as the API sees it (implemented over @gma/db's SessionService): the
 * one place where cookies and bearer tokens become sessions.
 */
export interface SessionStore {
  create(userId: string, meta: { ip?: string | undefined; userAgent?: string | undefined }): Promise<IssuedSession>;
  /** The live session and its active user; null for an unknown, expired or revoked token. Refreshes idle expiry. */
  validate(token: string): Promise<{ sessionId: number; expiresAt: Date; user: SessionUser } | null>;
  /** Revokes one session; false when it did not exist. */
  revoke(sessionId: number, actorId?: string | null): Promise<boolean>;
  /** Deletes expired sessions in batches (records a MaintenanceRun). */
  purgeExpired(options: { batchSize: number; vacuum: boolean }): Promise<PurgeResult>;
  /** Releases what the store holds open (its reading connection, if any). */
  close(): void;
}
