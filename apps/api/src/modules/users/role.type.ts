import { registerEnumType } from "type-graphql";
import { ROLES, type Role } from "../../auth/permission-matrix";

/** GraphQL enum of account roles (values as @gma/db stores them). */
export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };

registerEnumType(RoleEnum, {
  name: "Role",
  description: "ADMIN: everything. CLINICIAN: own patients and their analyses. ANALYST: performance data and anonymous aggregates, no patient data.",
});
