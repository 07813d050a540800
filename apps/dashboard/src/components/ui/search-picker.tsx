"use client";

import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { SEARCH_DEBOUNCE_MS, useDebouncedValue } from "@/hooks/use-debounced-value";
import type { PickedOption } from "@/hooks/use-picked-option";
import { comboboxKey } from "@/lib/combobox-key";

/** How many matches the list shows by default: a text typed further narrows them. */
export const SEARCH_PICKER_PAGE = 20;

/** The words a picker uses for what it picks. */
export interface SearchPickerWords {
  /** The box's label ("Account"); its Clear button is named "Clear account" after it. */
  label: string;
  /** One of what it picks ("account"): "No account matches", and the search note's test id `account-search-note`. */
  one: string;
  /** More than one ("accounts"). */
  many: string;
  /** How to find what the first matches leave out ("type more of the name or email to find others"). */
  narrow: string;
  /** The placeholder while nothing is picked ("anyone: type a name or email"). */
  placeholder: string;
  /** The placeholder while a picked id's option is being looked up ("finding the account…"). */
  naming: string;
}

/** The first matches of a search, and whether there are more. */
export interface SearchPage<T> {
  options: T[];
  more: boolean;
}

/** Where the search for the typed text stands. */
export type SearchPickerState<T> = { kind: "searching" } | { kind: "failed"; message: string } | ({ kind: "found" } & SearchPage<T>);

/** The sentence that says how the search went: shown under the list (but for a plain count), and announced. */
export function searchPickerStatus(state: SearchPickerState<unknown>, words: Pick<SearchPickerWords, "one" | "many" | "narrow">): { text: string; shown: boolean } {
  if (state.kind === "searching") return { text: "Searching…", shown: true };
  if (state.kind === "failed") return { text: `The ${words.many} could not be searched: ${state.message}`, shown: true };
  const n = state.options.length;
  if (n === 0) return { text: `No ${words.one} matches`, shown: true };
  if (state.more) return { text: `The first ${n} matching ${words.many}: ${words.narrow}.`, shown: true };
  return { text: `${n} ${n === 1 ? `${words.one} matches` : `${words.many} match`}`, shown: false };
}

/** What {@link SearchPickerView} draws; the handlers are the text box's and the list's. */
export interface SearchPickerViewProps<T extends { id: string }> {
  /** Prefix of the ids of the box, its list and options (unique on the page). */
  id: string;
  words: SearchPickerWords;
  /** One option as its list item shows it. */
  renderOption: (option: T) => ReactNode;
  /** The longest text the box takes (the API's longest search). */
  maxLength: number;
  /** The form needs a pick (aria-required). */
  required?: boolean;
  /** What the text box shows: the typed text, else the picked option's label. */
  text: string;
  /** What is picked, by its label; null for nothing, "" while its label is looked up. */
  pickedLabel: string | null;
  /** The picked option is still being looked up (an id a link gave). */
  naming: boolean;
  open: boolean;
  search: SearchPickerState<T>;
  /** Index of the option the arrow keys are on, -1 for none. */
  active: number;
  onText: (text: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  onBlur: () => void;
  onPick: (index: number) => void;
  onClear: () => void;
}

/**
 * A search picker as drawn: a text box (WAI-ARIA combobox) whose list of matches opens beneath
 * it, the option the arrow keys are on named by aria-activedescendant (focus stays in the box),
 * the search's outcome announced, and a Clear button while something is picked.
 */
export function SearchPickerView<T extends { id: string }>(props: SearchPickerViewProps<T>) {
  const { id, words, renderOption, maxLength, required, text, pickedLabel, naming, open, search, active, onText, onKeyDown, onBlur, onPick, onClear } = props;
  const options = search.kind === "found" ? search.options : [];
  const status = searchPickerStatus(search, words);
  const optionId = (index: number) => `${id}-option-${index}`;
  return (
    <div className="field combobox">
      <label id={`${id}-label`} htmlFor={`${id}-input`}>
        {words.label}
      </label>
      <div className="combobox-box">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 && active < options.length ? optionId(active) : undefined}
          aria-required={required || undefined}
          aria-busy={naming || undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={maxLength}
          placeholder={naming ? words.naming : words.placeholder}
          value={text}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={(e) => e.currentTarget.select()}
          onBlur={onBlur}
        />
        {pickedLabel !== null && (
          // Named for what it clears: "Clear" alone beside other fields would say too little.
          <button type="button" className="btn" aria-label={`Clear ${words.label.toLowerCase()}`} onClick={onClear}>
            Clear
          </button>
        )}
      </div>
      {/* A press in the list must not take focus from the box (its blur would close the list first). */}
      <div className="combobox-popup" hidden={!open} onMouseDown={(e) => e.preventDefault()}>
        <ul role="listbox" id={`${id}-listbox`} aria-labelledby={`${id}-label`} hidden={options.length === 0}>
          {options.map((o, i) => (
            <li key={o.id} id={optionId(i)} role="option" aria-selected={i === active} onClick={() => onPick(i)}>
              {renderOption(o)}
            </li>
          ))}
        </ul>
        {status.shown && (
          <p className="combobox-note muted" data-testid={`${words.one}-search-note`}>
            {status.text}
          </p>
        )}
      </div>
      <div role="status" className="visually-hidden">
        {open ? status.text : ""}
      </div>
    </div>
  );
}

/** What {@link SearchPicker} needs from the picker that uses it. */
export interface SearchPickerProps<T extends { id: string }> {
  words: SearchPickerWords;
  /** What is picked ({@link usePickedOption}); the picker remembers each pick in it. */
  picked: PickedOption<T>;
  /** What the box shows for a picked option. */
  optionLabel: (option: T) => string;
  /** One option as its list item shows it. */
  renderOption: (option: T) => ReactNode;
  /**
   * The first `first` options matching `text` (trimmed; blank: any). A function of the module,
   * not made anew at each render: a new one searches again.
   */
  search: (text: string, first: number) => Promise<SearchPage<T>>;
  /** A pick (null: Clear). */
  onChange: (option: T | null) => void;
  /** The API's longest search: the box takes no more. @defaultValue 200 */
  maxLength?: number;
  /** How many matches the list shows. @defaultValue {@link SEARCH_PICKER_PAGE} */
  pageSize?: number;
  /** The form needs a pick. */
  required?: boolean;
}

/**
 * A search-as-you-type picker for a set too large for a select: type a part of what names an
 * option and pick from the matches (the first `pageSize`, searched as the typing pauses); the
 * arrow keys move through them, Enter picks, Escape closes the list (again: puts back the picked
 * option's label), Clear picks nothing. Leaving the box without a pick keeps what was picked.
 */
export function SearchPicker<T extends { id: string }>(props: SearchPickerProps<T>) {
  const { words, picked, optionLabel, renderOption, search: find, onChange, maxLength = 200, pageSize = SEARCH_PICKER_PAGE, required } = props;
  const id = useId();
  /** What the user typed since the last pick; null: the box shows the picked option. */
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);

  // An id whose option is not known (none has it, or it is not the caller's) is shown as the id it is.
  const pickedLabel = !picked.id ? null : picked.option ? optionLabel(picked.option) : picked.naming ? "" : `${words.one} ${picked.id}`;

  const search = (typed ?? "").trim().slice(0, maxLength);
  const settled = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  // Each answer keeps the text it answers, so that matches are offered only for the text in the
  // box: never a previous text's, not even for the moment before the next search is sent (an
  // arrow key pressed then would pick from a list about to change).
  const [answer, setAnswer] = useState<{ search: string; state: SearchPickerState<T> } | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    find(settled, pageSize).then(
      (page) => {
        if (live) setAnswer({ search: settled, state: { kind: "found", ...page } });
      },
      (error: unknown) => {
        if (live) setAnswer({ search: settled, state: { kind: "failed", message: error instanceof Error ? error.message : String(error) } });
      },
    );
    return () => {
      live = false;
    };
  }, [open, settled, find, pageSize]);
  const state: SearchPickerState<T> = answer !== null && answer.search === search ? answer.state : { kind: "searching" };
  const options = state.kind === "found" ? state.options : [];
  const active = activeId === null ? -1 : options.findIndex((o) => o.id === activeId);

  const close = () => {
    setOpen(false);
    setActiveId(null);
  };
  const pick = (option: T | null) => {
    picked.remember(option);
    setTyped(null);
    close();
    onChange(option);
  };

  return (
    <SearchPickerView
      id={id}
      words={words}
      renderOption={renderOption}
      maxLength={maxLength}
      required={required}
      text={typed ?? pickedLabel ?? ""}
      pickedLabel={pickedLabel}
      naming={picked.naming}
      open={open}
      search={state}
      active={active}
      onText={(text) => {
        setTyped(text);
        setOpen(true);
        setActiveId(null);
      }}
      onKeyDown={(event) => {
        const next = comboboxKey({ open, active, count: options.length }, event.key, event.altKey);
        if (next.handled) event.preventDefault();
        setOpen(next.open);
        setActiveId(next.active >= 0 ? (options[next.active]?.id ?? null) : null);
        if (next.pick !== undefined && options[next.pick]) pick(options[next.pick]!);
        if (next.revert) setTyped(null);
      }}
      onBlur={() => {
        // Leaving the box without a pick keeps what was picked, and says so.
        close();
        setTyped(null);
      }}
      onPick={(index) => {
        if (options[index]) pick(options[index]);
      }}
      onClear={() => {
        pick(null);
        // The button goes away with the pick: focus stays in the box rather than on the page.
        document.getElementById(`${id}-input`)?.focus();
      }}
    />
  );
}
