import type { MiddlewareFn } from "type-graphql";
import type { GraphQLContext } from "../context.type";
import { ForbiddenError } from "../errors/forbidden-error";
import { UnauthenticatedError } from "../errors/unauthenticated-error";
import { accessOf, isPublic } from "./permission-matrix";

const ROOT_TYPES = new Set(["Query", "Mutation", "Subscription"]);

/**
 * Global middleware enforcing the permission matrix on every root field before its resolver
 * runs. Nested fields are reachable only through a root field that passed.
 */
export const permissionMiddleware: MiddlewareFn<GraphQLContext> = async ({ context, info }, next) => {
  const parent = info.parentType.name;
  if (!ROOT_TYPES.has(parent)) return next();
  const operation = `${parent}.${info.fieldName}`;
  if (isPublic(operation)) return next();
  if (!context.viewer) throw new UnauthenticatedError();
  if (accessOf(context.viewer.role, operation) === "none") throw new ForbiddenError(`Your role (${context.viewer.role}) may not run ${info.fieldName}.`);
  return next();
};

/** `all` or `own`: how far the viewer's access to `operation` reaches (the middleware already refused `none`). */
export function scopeOf(context: GraphQLContext, operation: string): "all" | "own" {
  if (!context.viewer) throw new UnauthenticatedError();
  const access = accessOf(context.viewer.role, operation);
  if (access === "none") throw new ForbiddenError();
  return access;
}

/** The viewer, or UNAUTHENTICATED. */
export function requireViewer(context: GraphQLContext) {
  if (!context.viewer) throw new UnauthenticatedError();
  return context.viewer;
}
