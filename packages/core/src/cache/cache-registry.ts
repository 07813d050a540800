/** What every registered cache offers to the memory manager, the metrics and the API. */
export interface RegisteredCache<S> {
  /** Unique name within its registry (the registry suffixes duplicates with `#2`, `#3`, ...). */
  readonly name: string;
  /** Current statistics. */
  stats(): S;
}

/**
 * Set of live caches of one kind, so that `optimizeMemory()`, the Prometheus exposition and
 * the API can reach every cache without each owner wiring them up.
 */
export class CacheRegistry<C extends RegisteredCache<unknown>> {
  private readonly caches = new Map<string, C>();

  /** A name not used yet in this registry: `base`, else `base#2`, `base#3`, ... */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.caches.has(name); i++) name = `${base}#${i}`;
    return name;
  }

  /** Adds a cache under its name; a second cache of the same name is rejected. */
  register(cache: C): void {
    if (this.caches.has(cache.name)) throw new Error(`a cache named "${cache.name}" is already registered; take a name from uniqueName()`);
    this.caches.set(cache.name, cache);
  }

  /** Removes a cache (when its owner disposes of it); true when it was registered. */
  unregister(cache: C): boolean {
    if (this.caches.get(cache.name) !== cache) return false;
    return this.caches.delete(cache.name);
  }

  /** The cache of that name, if registered. */
  get(name: string): C | undefined {
    return this.caches.get(name);
  }

  /** Every registered cache, in registration order. */
  list(): C[] {
    return [...this.caches.values()];
  }

  /** Statistics of every cache, by name. */
  stats(): Record<string, ReturnType<C["stats"]>> {
    const out: Record<string, ReturnType<C["stats"]>> = {};
    for (const [name, c] of this.caches) out[name] = c.stats() as ReturnType<C["stats"]>;
    return out;
  }
}
