import { BadUserInputError } from "../../errors/bad-user-input-error";
import { decodeCursor, encodeCursor } from "./cursor";

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

/** A page of rows in (createdAt desc, id desc) order, Relay style. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
  /** Counted only when the client selects it. */
  totalCount: Promise<number>;
}

/** Validated page request. */
export interface PageArgs {
  first: number;
  after?: string | null | undefined;
}

/**
 * Builds the Prisma `where` fragment and `take` for a keyset page over (createdAt, id), so a
 * page costs one indexed query however deep it is.
 */
export function pageQuery(args: PageArgs, idKind: "string" | "int" = "string", field: "createdAt" | "startedAt" = "createdAt"): { where: object; take: number } {
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, { hint: "Ask for fewer rows and follow endCursor." });
  }
  if (!args.after) return { where: {}, take: args.first + 1 };
  const { createdAt, id } = decodeCursor(args.after);
  const at = new Date(createdAt);
  const key = idKind === "int" ? Number(id) : id;
  if (idKind === "int" && !Number.isSafeInteger(key)) throw new BadUserInputError("The cursor is malformed.", { hint: "Pass an endCursor returned by the same list." });
  return { where: afterPosition(at, key, field), take: args.first + 1 };
}

/**
 * The Prisma `where` fragment of the rows after (older than) the position (`at`, `id`) in the
 * keyset order of {@link PAGE_ORDER}: what a cursor points past, and what a reader walking a whole
 * table in batches starts each batch after.
 */
export function afterPosition(at: Date, id: string | number, field: "createdAt" | "startedAt" = "createdAt"): object {
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
}

/** Turns `first + 1` fetched rows into a page. */
export function toPage<T extends { id: string | number }>(
  rows: T[],
  args: PageArgs,
  totalCount: () => Promise<number>,
  sortKey: (row: T) => Date = (row) => (row as unknown as { createdAt: Date }).createdAt,
): Page<T> {
  const hasNextPage = rows.length > args.first;
  const nodes = rows.slice(0, args.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor({ createdAt: sortKey(node).getTime(), id: String(node.id) }), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // A getter: GraphQL reads it (and the COUNT runs) only when the client selects totalCount.
    get totalCount() {
      return totalCount();
    },
  } as unknown as Page<T>;
}

/** The keyset order matching {@link pageQuery}. */
export const PAGE_ORDER = [{ createdAt: "desc" as const }, { id: "desc" as const }];
