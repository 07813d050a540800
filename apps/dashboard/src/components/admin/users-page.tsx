"use client";

import { useState, type FormEvent } from "react";
import { Badge, Card, ErrorState, Identifier, PageHeader, Skeleton } from "@/components/ui";
import type { Role } from "@/gql/graphql";
import { CreateUserMutation, DeactivateUserMutation, UpdateUserMutation, UsersQuery } from "@/graphql/admin";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { useViewer } from "@/hooks/use-viewer";
import { formatDateTime, plural } from "@/lib/format";

const ROLES: Role[] = ["CLINICIAN", "ANALYST", "ADMIN"];

/** Accounts: create, deactivate and re-activate (admins only). */
export function UsersPage() {
  const viewer = useViewer();
  const users = useQuery(UsersQuery, { variables: { first: 100 } });
  const deactivate = useMutation(DeactivateUserMutation);
  const update = useMutation(UpdateUserMutation);
  return (
    <div className="stack">
      <PageHeader title="Users" description={users.data ? plural(users.data.users.totalCount, "account") : undefined} />
      <div className="grid two">
        <Card title="Accounts">
          {users.error !== undefined && <ErrorState error={users.error} retry={users.refetch} />}
          {deactivate.error !== undefined && <ErrorState error={deactivate.error} />}
          {update.error !== undefined && <ErrorState error={update.error} />}
          {!users.data && users.error === undefined && <Skeleton height={120} />}
          {users.data && (
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
                {users.data.users.edges.map(({ node: u }) => (
                  <tr key={u.id}>
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
                      {u.id !== viewer.id &&
                        (u.isActive ? (
                          <button className="btn danger" onClick={async () => (await deactivate.mutate({ id: u.id })) && users.refetch()}>
                            Deactivate
                          </button>
                        ) : (
                          <button className="btn" onClick={async () => (await update.mutate({ input: { id: u.id, isActive: true } })) && users.refetch()}>
                            Re-activate
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Create an account">
          <CreateUserForm onCreated={users.refetch} />
        </Card>
      </div>
    </div>
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
