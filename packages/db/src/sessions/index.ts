export { SessionService, type SessionInfo, type SessionServiceOptions, type ListSessionsInput, type ValidatedSession } from "./session-service";
export { generateSessionToken, hashSessionToken, isWellFormedSessionToken } from "./session-token";
