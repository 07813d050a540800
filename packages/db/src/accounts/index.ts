export {
  AccountService,
  type AccountUser,
  type AccountServiceOptions,
  type CreateUserInput,
  type UpdateUserInput,
  type ListUsersInput,
  type FirstAdminResult,
} from "./account-service";
export { PasswordHasher, type PasswordHasherOptions } from "./password-hasher";
export { normalizeEmail, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from "./account-input";
