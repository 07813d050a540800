"use client";

import { SEARCH_PICKER_PAGE, SearchPicker, searchPickerStatus, SearchPickerView, type SearchPage, type SearchPickerState, type SearchPickerViewProps, type SearchPickerWords } from "@/components/ui/search-picker";
import { AuditAccountSearchQuery, AuditActorQuery } from "@/graphql/audit";
import { usePickedOption } from "@/hooks/use-picked-option";
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
export const ACCOUNT_SEARCH_PAGE = SEARCH_PICKER_PAGE;

/** The account picker's words (the box's label, its messages). */
const ACCOUNT_WORDS: SearchPickerWords = {
  label: "Account",
  one: "account",
  many: "accounts",
  narrow: "type more of the name or email to find others",
  placeholder: "anyone: type a name or email",
  naming: "finding the account…",
};

/** What the text box shows for a picked account. */
export function accountLabel(account: Pick<AccountOption, "displayName" | "email">): string {
  return `${account.displayName} (${account.email})`;
}

/** An account in the list: its name, its email, and whether it is deactivated. */
function accountOption(o: AccountOption) {
  return (
    <>
      <span>{o.displayName}</span> <span className="muted">{o.email}</span>
      {o.isActive === false && <span className="muted"> · deactivated</span>}
    </>
  );
}

/** Where the search for the typed text stands. */
export type AccountSearchState = SearchPickerState<AccountOption>;

/** The sentence that says how the search went: shown under the list (but for a plain count), and announced. */
export function accountSearchStatus(state: AccountSearchState): { text: string; shown: boolean } {
  return searchPickerStatus(state, ACCOUNT_WORDS);
}

/** What {@link AccountPickerView} draws; the handlers are the text box's and the list's. */
export type AccountPickerViewProps = Omit<SearchPickerViewProps<AccountOption>, "words" | "renderOption" | "maxLength">;

/** The API's longest search of accounts (UserFilter.search): a box that searches them takes no more. */
export const MAX_ACCOUNT_SEARCH_LENGTH = 200;

/** The account picker as drawn: {@link SearchPickerView} in the words of accounts. */
export function AccountPickerView(props: AccountPickerViewProps) {
  return <SearchPickerView {...props} words={ACCOUNT_WORDS} renderOption={accountOption} maxLength={MAX_ACCOUNT_SEARCH_LENGTH} />;
}

/** Accounts whose name or email contains `text` (users(filter: { search })). */
async function searchAccounts(text: string, first: number): Promise<SearchPage<AccountOption>> {
  const data = await execute(AuditAccountSearchQuery, { search: text, first });
  return { options: data.users.edges.map((e) => e.node), more: data.users.pageInfo.hasNextPage };
}

/** The account an id names, by the name one of its audit events gives (the API has no query of one account). */
async function nameAccount(id: string): Promise<AccountOption | null> {
  const data = await execute(AuditActorQuery, { actorId: id });
  return data.auditEvents.edges[0]?.node.actor ?? null;
}

/**
 * The audit log's Account filter for any number of accounts ({@link SearchPicker}): type a part
 * of a name or email and pick from the matches. `accountId` is the filter's ("" for anyone); an
 * id the page opened with (a link's) is shown by the name its audit events give, or as the id
 * when none names it (an account that never acted, or one since removed).
 */
export function AccountPicker({ accountId, onChange }: { accountId: string; onChange: (accountId: string) => void }) {
  const picked = usePickedOption(accountId, nameAccount);
  return (
    <SearchPicker
      words={ACCOUNT_WORDS}
      picked={picked}
      optionLabel={accountLabel}
      renderOption={accountOption}
      search={searchAccounts}
      maxLength={MAX_ACCOUNT_SEARCH_LENGTH}
      onChange={(account) => onChange(account?.id ?? "")}
    />
  );
}
