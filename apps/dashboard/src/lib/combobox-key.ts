/** Where a combobox's list stands: open or not, and which of its `count` options is active (-1: none). */
export interface ComboboxState {
  open: boolean;
  active: number;
  count: number;
}

/** What a key does to a combobox. */
export interface ComboboxKeyResult {
  open: boolean;
  active: number;
  /** The option picked (Enter on the active one). */
  pick?: number;
  /** Escape on a closed list: put back the text of what is picked. */
  revert?: boolean;
  /** The key was the combobox's: the browser must not also act on it (move the caret, submit). */
  handled: boolean;
}

/**
 * The keyboard of a text box with a list of suggestions (WAI-ARIA's combobox pattern, list
 * autocomplete with manual selection): Down and Up open the list or move through it, wrapping
 * at its ends; Alt+Down opens it without moving, Alt+Up closes it; Enter picks the active
 * option; Escape closes the list, or when it is closed puts back the picked option's text. Other
 * keys (letters, Home, End, Tab) are the text box's own.
 */
export function comboboxKey(state: ComboboxState, key: string, altKey = false): ComboboxKeyResult {
  const { open, active, count } = state;
  const stay = { open, active, handled: false };
  switch (key) {
    case "ArrowDown":
      if (!open) return { open: true, active: altKey || count === 0 ? -1 : 0, handled: true };
      if (altKey) return { open, active, handled: true };
      return { open, active: count === 0 ? -1 : (active + 1) % count, handled: true };
    case "ArrowUp":
      if (altKey) return { open: false, active: -1, handled: true };
      if (!open) return { open: true, active: count - 1, handled: true };
      return { open, active: count === 0 ? -1 : active <= 0 ? count - 1 : active - 1, handled: true };
    case "Enter":
      if (open && active >= 0 && active < count) return { open: false, active: -1, pick: active, handled: true };
      return stay;
    case "Escape":
      if (open) return { open: false, active: -1, handled: true };
      return { open, active, revert: true, handled: true };
    default:
      return stay;
  }
}
