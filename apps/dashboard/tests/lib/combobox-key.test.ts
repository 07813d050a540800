import { describe, expect, it } from "vitest";
import { comboboxKey, type ComboboxState } from "@/lib/combobox-key";

const closed: ComboboxState = { open: false, active: -1, count: 3 };
const on = (active: number, count = 3): ComboboxState => ({ open: true, active, count });

describe("a combobox's keys", () => {
  it("opens the list with Down on its first option and with Up on its last, without letting the caret move", () => {
    expect(comboboxKey(closed, "ArrowDown")).toEqual({ open: true, active: 0, handled: true });
    expect(comboboxKey(closed, "ArrowUp")).toEqual({ open: true, active: 2, handled: true });
    // Alt+Down opens it on no option; Alt+Up closes it.
    expect(comboboxKey(closed, "ArrowDown", true)).toEqual({ open: true, active: -1, handled: true });
    expect(comboboxKey(on(1), "ArrowUp", true)).toEqual({ open: false, active: -1, handled: true });
  });

  it("moves through the options with Down and Up, wrapping at both ends", () => {
    expect(comboboxKey(on(-1), "ArrowDown").active).toBe(0);
    expect(comboboxKey(on(0), "ArrowDown").active).toBe(1);
    expect(comboboxKey(on(2), "ArrowDown").active).toBe(0);
    expect(comboboxKey(on(-1), "ArrowUp").active).toBe(2);
    expect(comboboxKey(on(0), "ArrowUp").active).toBe(2);
    expect(comboboxKey(on(2), "ArrowUp").active).toBe(1);
    // An open list with no options (searching, or nothing matches) has nothing to move to.
    expect(comboboxKey(on(-1, 0), "ArrowDown")).toEqual({ open: true, active: -1, handled: true });
    expect(comboboxKey(on(-1, 0), "ArrowUp")).toEqual({ open: true, active: -1, handled: true });
    expect(comboboxKey({ open: false, active: -1, count: 0 }, "ArrowDown")).toEqual({ open: true, active: -1, handled: true });
  });

  it("picks the active option with Enter and closes the list; Enter on no option is left alone", () => {
    expect(comboboxKey(on(1), "Enter")).toEqual({ open: false, active: -1, pick: 1, handled: true });
    expect(comboboxKey(on(-1), "Enter")).toEqual({ open: true, active: -1, handled: false });
    expect(comboboxKey(closed, "Enter")).toEqual({ open: false, active: -1, handled: false });
  });

  it("closes the list with Escape, and on a closed list puts back the picked option's text", () => {
    expect(comboboxKey(on(1), "Escape")).toEqual({ open: false, active: -1, handled: true });
    expect(comboboxKey(closed, "Escape")).toEqual({ open: false, active: -1, revert: true, handled: true });
  });

  it("leaves letters, Home, End and Tab to the text box", () => {
    for (const key of ["a", "Home", "End", "Tab", " ", "Backspace"]) expect(comboboxKey(on(1), key)).toEqual({ open: true, active: 1, handled: false });
  });
});
