export { SessionService, type SessionInfo, type SessionServiceOptions, type ListSessionsInput, type ValidatedSession } from "./session-service";
export { generateSessionToken, hashSessionToken, isWellFormedSessionToken } from "./session-token";
export { SessionReader, SESSION_VALIDATION_SQL, type SessionValidationRow } from "./session-reader";
