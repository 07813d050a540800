"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { MAX_ACCOUNT_SEARCH_LENGTH } from "@/components/admin/account-picker";
import { Badge, Card, EmptyState, ErrorState, Identifier, PageHeader, Skeleton } from "@/components/ui";
import type { Role, UsersQuery as UsersResult } from "@/gql/graphql";
import { CreateUserMutation, DeactivateUserMutation, UpdateUserMutation, UsersQuery } from "@/graphql/admin";
import { SEARCH_DEBOUNCE_MS, useDebouncedValue } from "@/hooks/use-debounced-value";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { useViewer } from "@/hooks/use-viewer";
import { formatDateTime, formatPageRange, plural } from "@/lib/format";

const ROLES: Role[] = ["CLINICIAN", "ANALYST", "ADMIN"];
/** Accounts per page. */
export const USERS_PAGE_SIZE = 25;

/**
 * Accounts, any number of them: found by a part of the name or email (users(filter: { search })),
 * a page at a time (keyset cursors, newest first); create, deactivate and re-activate (admins only).
 */
export function UsersPage() {
  const viewer = useViewer();
  const [search, setSearch] = useState("");
  const searched = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  // The cursors of the pages followed so far: the last is the page shown (undefined: the first).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const users = useQuery(UsersQuery, { variables: { first: USERS_PAGE_SIZE, after: cursors[cursors.length - 1], filter: searched ? { search: searched } : null } });
  const deactivate = useMutation(DeactivateUserMutation);
  const update = useMutation(UpdateUserMutation);
  const total = users.data?.users.totalCount;
  return (
    <div className="stack">
      <PageHeader title="Users" description={total === undefined ? undefined : searched ? `${plural(total, "account")} ${total === 1 ? "matches" : "match"} “${searched}”` : plural(total, "account")} />
      <div className="grid two">
        <Card title="Accounts">
          <UserListView
            search={search}
            searched={searched}
            users={users.data?.users}
            page={cursors.length - 1}
            pageSize={USERS_PAGE_SIZE}
            viewerId={viewer.id}
            problems={
              <>
                {users.error !== undefined && <ErrorState error={users.error} retry={users.refetch} />}
                {deactivate.error !== undefined && <ErrorState error={deactivate.error} />}
                {update.error !== undefined && <ErrorState error={update.error} />}
              </>
            }
            loading={!users.data && users.error === undefined}
            onSearch={(text) => {
              setSearch(text);
              // Any other search starts again from the newest account.
              setCursors([undefined]);
            }}
            onPrevious={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}
            onNext={() => {
              const next = users.data?.users.pageInfo;
              if (next?.hasNextPage && next.endCursor) setCursors((c) => [...c, next.endCursor ?? undefined]);
            }}
            onDeactivate={async (id) => void ((await deactivate.mutate({ id })) && (await users.refetch()))}
            onReactivate={async (id) => void ((await update.mutate({ input: { id, isActive: true } })) && (await users.refetch()))}
          />
        </Card>
        <Card title="Create an account">
          <CreateUserForm onCreated={users.refetch} />
        </Card>
      </div>
    </div>
  );
}

/** What {@link UserListView} draws; the handlers are the search box's, the paging buttons' and each row's. */
export interface UserListViewProps {
  /** The search box's text. */
  search: string;
  /** The search `users` answers, trimmed ("" for every account). */
  searched: string;
  /** The page shown; undefined before the first answer. */
  users: UsersResult["users"] | undefined;
  /** Index of the page shown (0: the first), counted as the cursors are followed. */
  page: number;
  pageSize: number;
  /** The signed-in admin, who cannot deactivate themselves. */
  viewerId: string;
  /** Errors to show under the search box (the query's, a mutation's). */
  problems?: ReactNode;
  loading: boolean;
  onSearch: (text: string) => void;
  onPrevious: () => void;
  onNext: () => void;
  onDeactivate: (id: string) => void;
  onReactivate: (id: string) => void;
}

/**
 * The Accounts card as drawn: a search box, the page of accounts (or why there is none), which
 * of how many it shows, and Previous and Next.
 */
export function UserListView(props: UserListViewProps) {
  const { search, searched, users, page, pageSize, viewerId, problems, loading, onSearch, onPrevious, onNext, onDeactivate, onReactivate } = props;
  const rows = users?.edges.map((e) => e.node) ?? [];
  return (
    <>
      <div className="row" style={{ marginBottom: 12 }}>
        {/* As wide as the card allows, up to a long email's width. */}
        <label className="field" style={{ flex: "1 1 240px", maxWidth: 420 }}>
          Search accounts
          <input type="search" placeholder="a part of a name or email" maxLength={MAX_ACCOUNT_SEARCH_LENGTH} autoComplete="off" spellCheck={false} value={search} onChange={(e) => onSearch(e.target.value)} />
        </label>
      </div>
      {problems}
      {loading && <Skeleton height={120} />}
      {users && rows.length === 0 && (
        <EmptyState title={searched ? "No account matches" : "No accounts"}>{searched && <p>No name or email contains “{searched}”.</p>}</EmptyState>
      )}
      {rows.length > 0 && (
        <table className="table phone-fit" data-testid="users-table">
          <thead>
            <tr>
              {/* On a phone: the account (its email), its role and the way to (de)activate it. */}
              <th className="wide-only">name</th>
              <th>email</th>
              <th>role</th>
              <th className="wide-only">last sign-in</th>
              <th>
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} data-testid="user-row">
                {/* Name and date wrap between words: in its half of the page the table then fits with its buttons. */}
                <td className="wide-only" style={{ whiteSpace: "normal" }}>
                  {u.displayName} {!u.isActive && <Badge tone="warn">inactive</Badge>}
                </td>
                <td>
                  <Identifier text={u.email} />
                </td>
                <td>{u.role.toLowerCase()}</td>
                <td className="wide-only" style={{ whiteSpace: "normal" }}>
                  {formatDateTime(u.lastLoginAt)}
                </td>
                <td>
                  {u.id !== viewerId &&
                    (u.isActive ? (
                      <button className="btn danger" onClick={() => onDeactivate(u.id)}>
                        Deactivate
                      </button>
                    ) : (
                      <button className="btn" onClick={() => onReactivate(u.id)}>
                        Re-activate
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {users && (
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn" disabled={page === 0} onClick={onPrevious}>
            Previous
          </button>
          <button className="btn" disabled={!users.pageInfo.hasNextPage} onClick={onNext}>
            Next
          </button>
          {rows.length > 0 && (
            <span className="muted" data-testid="users-range">
              {`${searched ? "matching accounts" : "accounts"} ${formatPageRange(page, pageSize, rows.length, users.totalCount)}`}
            </span>
          )}
        </div>
      )}
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const create = useMutation(CreateUserMutation);
  const [form, setForm] = useState({ displayName: "", email: "", password: "", role: "CLINICIAN" as Role });
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await create.mutate({ input: form })) {
      setForm({ displayName: "", email: "", password: "", role: form.role });
      await onCreated();
    }
  }
  return (
    <form className="form" onSubmit={submit}>
      <label className="field">
        Name
        <input name="displayName" required value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
      </label>
      <label className="field">
        Email
        <input name="email" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
      </label>
      <label className="field">
        Initial password (at least 10 characters)
        <input name="password" type="password" minLength={10} required value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
      </label>
      <label className="field">
        Role
        <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: ROLES.find((r) => r === e.target.value) ?? "CLINICIAN" })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {create.error !== undefined && <ErrorState error={create.error} />}
      {create.data && <p className="notice" data-testid="user-created">Created {create.data.createUser.email}.</p>}
      <button className="btn primary" type="submit" disabled={create.pending}>
        Create account
      </button>
    </form>
  );
}
