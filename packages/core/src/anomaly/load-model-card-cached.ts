import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ModelCardInvalidError } from "./errors/model-card-invalid-error";
import { loadModelCard, type ModelCard } from "./model-card";

interface CachedCard {
  mtimeMs: number;
  size: number;
  card: ModelCard;
}

/** Distinct card files remembered; a process serves one or two, so this only bounds a misuse. */
const MAX_CARDS = 16;
const cards = new Map<string, CachedCard>();

/**
 * {@link loadModelCard}, remembered per file: the API asks for the card on every job and
 * readiness probe, and parsing it (normal statistics, scoring constants) each time is wasted.
 * Each call still stats the file and re-reads it when its modification time or size changed,
 * so a card replaced in place is picked up at once, as with `loadModelCard`.
 *
 * The returned card is shared between callers: treat it as read-only.
 *
 * @param path - `model-card.json` or its folder
 * @throws ModelCardInvalidError when it is missing, not JSON, or lacks a required field.
 */
export function loadModelCardCached(path: string): ModelCard {
  const file = resolve(path.endsWith(".json") ? path : join(path, "model-card.json"));
  let mtimeMs: number;
  let size: number;
  try {
    ({ mtimeMs, size } = statSync(file));
  } catch (cause) {
    cards.delete(file);
    throw new ModelCardInvalidError(`cannot read the model card ${file}`, { cause });
  }
  const cached = cards.get(file);
  if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.card;
  cards.delete(file);
  const card = loadModelCard(file);
  // Keyed on the figures stat gave before the read: a write racing the read leaves them stale,
  // so the next call reads again instead of keeping a half-written view.
  cards.set(file, { mtimeMs, size, card });
  if (cards.size > MAX_CARDS) cards.delete(cards.keys().next().value!);
  return card;
}
