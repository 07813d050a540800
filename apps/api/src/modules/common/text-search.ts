import { BadUserInputError } from "../../errors/bad-user-input-error";

/** How a list's `search` is described in its refusals: what it searches, and an example of a good one. */
export interface TextSearchRule {
  /** Longest search accepted, in characters (after trimming). */
  maxLength: number;
  /** What the search looks in, e.g. "the account's name or email address". */
  searches: string;
  /** A shorter search that would do, e.g. "the first letters of the name". */
  example: string;
}

/** The text to look for, trimmed; undefined for none (blank), BAD_USER_INPUT when longer than the rule allows. */
export function searchText(search: string | null | undefined, rule: TextSearchRule): string | undefined {
  const text = search?.trim();
  if (!text) return undefined;
  if (text.length > rule.maxLength) {
    throw new BadUserInputError(`search is longer than ${rule.maxLength} characters: search by a part of ${rule.searches} instead.`, {
      hint: `Type at most ${rule.maxLength} characters, e.g. ${rule.example}.`,
    });
  }
  return text;
}

/** LIKE's wildcards, which Prisma's `contains` passes on unescaped. */
const LIKE_WILDCARD = /[%_]/;

/** Whether LIKE would take some of `search` as wildcards (and so find rows that do not contain it). */
export const hasLikeWildcard = (search: string): boolean => LIKE_WILDCARD.test(search);

/** Lower-cases ASCII letters only, as SQLite's LIKE compares them. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Whether one of a row's `fields` contains `search` as SQLite's LIKE finds it (ignoring the case
 * of ASCII letters), with `%` and `_` taken literally. Prisma's `contains` cannot escape them, so
 * a search holding one reads what LIKE finds, a superset, and narrows it with this.
 */
export function containsLiterally<T>(search: string, fields: (row: T) => readonly string[]): (row: T) => boolean {
  const needle = asciiLower(search);
  return (row) => fields(row).some((field) => asciiLower(field).includes(needle));
}
