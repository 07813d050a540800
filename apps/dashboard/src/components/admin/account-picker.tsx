"use client";

import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { AuditAccountSearchQuery, AuditActorQuery } from "@/graphql/audit";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useQuery } from "@/hooks/use-query";
import { comboboxKey } from "@/lib/combobox-key";
import { execute } from "@/lib/graphql-client";

/** An account as the picker lists it. */
export interface AccountOption {
  id: string;
  displayName: string;
  email: string;
  /** False for a deactivated account (its history stays in the log); absent when not known. */
  isActive?: boolean;
}

/** How many matches the list shows: a name typed further narrows them. */
export const ACCOUNT_SEARCH_PAGE = 20;
/** Quiet time after the last keystroke before the search is sent. */
const SEARCH_DEBOUNCE_MS = 250;
/** The API's longest search (UserFilter.search): the box takes no more. */
const MAX_SEARCH_LENGTH = 200;

/** What the text box shows for a picked account. */
export function accountLabel(account: Pick<AccountOption, "displayName" | "email">): string {
  return `${account.displayName} (${account.email})`;
}

/** Where the search for the typed text stands. */
export type AccountSearchState = { kind: "searching" } | { kind: "failed"; message: string } | { kind: "found"; options: AccountOption[]; more: boolean };

/** The sentence that says how the search went: shown under the list (but for a plain count), and announced. */
export function accountSearchStatus(state: AccountSearchState): { text: string; shown: boolean } {
  if (state.kind === "searching") return { text: "Searching…", shown: true };
  if (state.kind === "failed") return { text: `The accounts could not be searched: ${state.message}`, shown: true };
  const n = state.options.length;
  if (n === 0) return { text: "No account matches", shown: true };
  if (state.more) return { text: `The first ${n} matching accounts: type more of the name or email to find others.`, shown: true };
  return { text: `${n} ${n === 1 ? "account matches" : "accounts match"}`, shown: false };
}

/** What {@link AccountPickerView} draws; the handlers are the text box's and the list's. */
export interface AccountPickerViewProps {
  /** Prefix of the ids of the box, its list and options (unique on the page). */
  id: string;
  /** What the text box shows: the typed text, else the picked account's label. */
  text: string;
  /** The account the filter holds, by its label; null for anyone. */
  pickedLabel: string | null;
  /** The account's name is still being looked up (a link's account id). */
  naming: boolean;
  open: boolean;
  search: AccountSearchState;
  /** Index of the option the arrow keys are on, -1 for none. */
  active: number;
  onText: (text: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  onBlur: () => void;
  onPick: (index: number) => void;
  onClear: () => void;
}

/**
 * The account picker as drawn: a text box (WAI-ARIA combobox) whose list of matching accounts
 * opens beneath it, the option the arrow keys are on named by aria-activedescendant (focus stays
 * in the box), the search's outcome announced, and a Clear button while an account is picked.
 */
export function AccountPickerView(props: AccountPickerViewProps) {
  const { id, text, pickedLabel, naming, open, search, active, onText, onKeyDown, onBlur, onPick, onClear } = props;
  const options = search.kind === "found" ? search.options : [];
  const status = accountSearchStatus(search);
  const optionId = (index: number) => `${id}-option-${index}`;
  return (
    <div className="field combobox">
      <label id={`${id}-label`} htmlFor={`${id}-input`}>
        Account
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
          aria-busy={naming || undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_SEARCH_LENGTH}
          placeholder={naming ? "finding the account…" : "anyone: type a name or email"}
          value={text}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={(e) => e.currentTarget.select()}
          onBlur={onBlur}
        />
        {pickedLabel !== null && (
          // Named for what it clears: "Clear" alone among the page's filters would say too little.
          <button type="button" className="btn" aria-label="Clear account" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
      {/* A press in the list must not take focus from the box (its blur would close the list first). */}
      <div className="combobox-popup" hidden={!open} onMouseDown={(e) => e.preventDefault()}>
        <ul role="listbox" id={`${id}-listbox`} aria-labelledby={`${id}-label`} hidden={options.length === 0}>
          {options.map((o, i) => (
            <li key={o.id} id={optionId(i)} role="option" aria-selected={i === active} onClick={() => onPick(i)}>
              <span>{o.displayName}</span> <span className="muted">{o.email}</span>
              {o.isActive === false && <span className="muted"> · deactivated</span>}
            </li>
          ))}
        </ul>
        {status.shown && (
          <p className="combobox-note muted" data-testid="account-search-note">
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

/**
 * The audit log's Account filter for any number of accounts: type a part of a name or email and
 * pick from the matches (the first {@link ACCOUNT_SEARCH_PAGE}, searched as the typing pauses);
 * the arrow keys move through them, Enter picks, Escape closes the list (again: puts back the
 * picked account's name). `accountId` is the filter's ("" for anyone); an id the page opened with
 * (a link's) is shown by the name its audit events give, the API having no query of one account.
 */
export function AccountPicker({ accountId, onChange }: { accountId: string; onChange: (accountId: string) => void }) {
  const id = useId();
  const [picked, setPicked] = useState<AccountOption | null>(null);
  /** What the user typed since the last pick; null: the box shows the picked account. */
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);

  const known = picked?.id === accountId ? picked : null;
  const named = useQuery(AuditActorQuery, { variables: { actorId: accountId }, skip: !accountId || known !== null });
  const actor = named.data?.auditEvents.edges[0]?.node.actor;
  const current = known ?? (actor?.id === accountId ? actor : null);
  const naming = accountId !== "" && current === null && named.data === undefined && named.error === undefined;
  // An id no event names (an account that never acted, or one since removed) is shown as the id it is.
  const pickedLabel = !accountId ? null : current ? accountLabel(current) : naming ? "" : `account ${accountId}`;

  const search = (typed ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
  const settled = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  // Each answer keeps the text it answers, so that matches are offered only for the text in the
  // box: never a previous text's, not even for the moment before the next search is sent (an
  // arrow key pressed then would pick from a list about to change).
  const [answer, setAnswer] = useState<{ search: string; state: AccountSearchState } | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    execute(AuditAccountSearchQuery, { search: settled, first: ACCOUNT_SEARCH_PAGE }).then(
      (data) => {
        if (live) setAnswer({ search: settled, state: { kind: "found", options: data.users.edges.map((e) => e.node), more: data.users.pageInfo.hasNextPage } });
      },
      (error: unknown) => {
        if (live) setAnswer({ search: settled, state: { kind: "failed", message: error instanceof Error ? error.message : String(error) } });
      },
    );
    return () => {
      live = false;
    };
  }, [open, settled]);
  const state: AccountSearchState = answer !== null && answer.search === search ? answer.state : { kind: "searching" };
  const options = state.kind === "found" ? state.options : [];
  const active = activeId === null ? -1 : options.findIndex((o) => o.id === activeId);

  const close = () => {
    setOpen(false);
    setActiveId(null);
  };
  const pick = (option: AccountOption) => {
    setPicked(option);
    setTyped(null);
    close();
    onChange(option.id);
  };

  return (
    <AccountPickerView
      id={id}
      text={typed ?? pickedLabel ?? ""}
      pickedLabel={pickedLabel}
      naming={naming}
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
        // Leaving the box without a pick keeps the filter as it was, and says so.
        close();
        setTyped(null);
      }}
      onPick={(index) => {
        if (options[index]) pick(options[index]);
      }}
      onClear={() => {
        setPicked(null);
        setTyped(null);
        close();
        onChange("");
        // The button goes away with the account: focus stays in the filter rather than on the page.
        document.getElementById(`${id}-input`)?.focus();
      }}
    />
  );
}
