/** Any function; `never[]` parameters make every function assignable without `any`. */
export type AnyFunction = (...args: never[]) => unknown;

/**
 * What {@link timed} and `cacheResult` return: used as `wrap(fn)` it returns a function of the
 * same type; used as a legacy method decorator (`@wrap`) it replaces the method.
 */
export interface FunctionOrMethodWrapper {
  <F extends AnyFunction>(fn: F): F;
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor;
}

/**
 * Builds a {@link FunctionOrMethodWrapper} from `wrap`, which receives the original function
 * and a name for it (the method's `Class.method` when decorating) and returns the replacement.
 */
export function functionOrMethodWrapper(wrap: <F extends AnyFunction>(fn: F, name: string) => F): FunctionOrMethodWrapper {
  function wrapper(fnOrTarget: unknown, propertyKey?: string | symbol, descriptor?: PropertyDescriptor): unknown {
    if (descriptor !== undefined) {
      if (typeof descriptor.value !== "function") throw new TypeError(`can only decorate methods, and ${String(propertyKey)} is not one`);
      const owner = typeof fnOrTarget === "function" ? fnOrTarget.name : (fnOrTarget as { constructor?: { name?: string } }).constructor?.name;
      return { ...descriptor, value: wrap(descriptor.value as AnyFunction, `${owner ?? "?"}.${String(propertyKey)}`) };
    }
    if (typeof fnOrTarget !== "function") throw new TypeError("expected a function to wrap");
    return wrap(fnOrTarget as AnyFunction, fnOrTarget.name || "anonymous");
  }
  return wrapper as FunctionOrMethodWrapper;
}

/** True for promises and other thenables, the results an async-aware wrapper must wait for. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}
