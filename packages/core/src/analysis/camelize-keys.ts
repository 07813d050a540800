/**
 * Returns a deep copy of `value` whose object keys are camelCase (`joint_amplitudes` ->
 * `jointAmplitudes`). Files written by the Python side (training, the reference system) use
 * snake_case; the TypeScript side reads them through one zod schema in camelCase.
 */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelizeKeys(v);
    }
    return out;
  }
  return value;
}
