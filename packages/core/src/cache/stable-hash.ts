import { createHash, type Hash } from "node:crypto";

/**
 * A stable SHA-1 hex digest of `value`: equal for structurally equal values whatever the key
 * order of their objects, different when any leaf differs. Typed arrays and Buffers are hashed by
 * content, so hashing a large input costs a pass over it; give `cacheResult` a key function
 * (a file fingerprint, an id) for those.
 *
 * Throws a TypeError for values without a stable identity: functions, symbols, cycles.
 */
export function stableHash(value: unknown): string {
  const hash = createHash("sha1");
  feed(hash, value, new Set());
  return hash.digest("hex");
}

function feed(hash: Hash, value: unknown, seen: Set<object>): void {
  switch (typeof value) {
    case "undefined":
      hash.update("u;");
      return;
    case "boolean":
      hash.update(value ? "T;" : "F;");
      return;
    case "number":
      hash.update(`n${Object.is(value, -0) ? "-0" : String(value)};`);
      return;
    case "bigint":
      hash.update(`b${value.toString()};`);
      return;
    case "string":
      hash.update(`s${value.length}:`);
      hash.update(value);
      return;
    case "function":
    case "symbol":
      throw new TypeError(`cannot hash a ${typeof value} argument; give the cache a key function`);
  }
  if (value === null) {
    hash.update("N;");
    return;
  }
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError("cannot hash a cyclic argument; give the cache a key function");
  seen.add(obj);
  if (ArrayBuffer.isView(obj)) {
    hash.update(`v${obj.constructor.name}${obj.byteLength}:`);
    hash.update(new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength));
  } else if (obj instanceof ArrayBuffer) {
    hash.update(`B${obj.byteLength}:`);
    hash.update(new Uint8Array(obj));
  } else if (obj instanceof Date) {
    hash.update(`d${obj.getTime()};`);
  } else if (Array.isArray(obj)) {
    hash.update(`a${obj.length}[`);
    for (const item of obj) feed(hash, item, seen);
    hash.update("]");
  } else if (obj instanceof Map) {
    const entries = [...obj].map(([k, v]) => [stableHash(k), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    hash.update(`m${entries.length}{`);
    for (const [k, v] of entries) {
      hash.update(k);
      feed(hash, v, seen);
    }
    hash.update("}");
  } else if (obj instanceof Set) {
    const items = [...obj].map((v) => stableHash(v)).sort();
    hash.update(`S${items.length}{${items.join(",")}}`);
  } else {
    const keys = Object.keys(obj).sort();
    hash.update(`o${keys.length}{`);
    for (const k of keys) {
      hash.update(`${k.length}:${k}=`);
      feed(hash, (obj as Record<string, unknown>)[k], seen);
    }
    hash.update("}");
  }
  seen.delete(obj);
}
