export { InvalidCredentialsError } from "./invalid-credentials-error";
export { EmailTakenError } from "./email-taken-error";
export { InvalidInputError } from "./invalid-input-error";
export { NotFoundError } from "./not-found-error";
export { UserInactiveError } from "./user-inactive-error";
export { LastAdminError } from "./last-admin-error";
export { MigrationFailedError } from "./migration-failed-error";
