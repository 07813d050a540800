"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Card, EmptyState, ErrorState, Identifier, PageHeader, Skeleton } from "@/components/ui";
import { CreatePatientMutation, PatientsQuery } from "@/graphql/patients";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { formatDate, formatNumber, plural } from "@/lib/format";

const PAGE_SIZE = 25;

/** Patients (pseudonymous codes) with search, paging and a form to add one. */
export function PatientsPage() {
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const state = useQuery(PatientsQuery, { variables: { first: PAGE_SIZE, after: cursors[cursors.length - 1], search: search || null } });
  const rows = state.data?.patients.edges.map((e) => e.node) ?? [];
  const pageInfo = state.data?.patients.pageInfo;

  return (
    <div className="stack">
      <PageHeader title="Patients" description={state.data ? plural(state.data.patients.totalCount, "patient") : undefined} />
      <div className="grid two">
        <Card title="All patients">
          <div className="row" style={{ marginBottom: 12 }}>
            <input
              aria-label="Search patients"
              placeholder="Search by code"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setCursors([undefined]);
              }}
            />
          </div>
          {state.error !== undefined && <ErrorState error={state.error} retry={state.refetch} />}
          {!state.data && state.error === undefined && <Skeleton height={120} />}
          {state.data && rows.length === 0 && <EmptyState title={search ? "No patient matches" : "No patients yet"}>{!search && <p>Add the first one with the form.</p>}</EmptyState>}
          {rows.length > 0 && (
            <table className="table phone-fit" data-testid="patients-table">
              <thead>
                <tr>
                  <th>code</th>
                  <th>born</th>
                  <th className="num">gestational age</th>
                  {/* A clinician's list holds their own patients only: the column matters to admins, at desktop width. */}
                  <th className="wide-only">clinician</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/patients/${p.id}`}>
                        <Identifier text={p.code} />
                      </Link>
                    </td>
                    <td>{formatDate(p.birthDate)}</td>
                    <td className="num">{formatNumber(p.gestationalAgeWeeks, 1)} wk</td>
                    <td className="wide-only">{p.owner.displayName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="row" style={{ marginTop: 12 }}>
            <button className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </button>
            <button className="btn" disabled={!pageInfo?.hasNextPage} onClick={() => setCursors((c) => [...c, pageInfo?.endCursor ?? undefined])}>
              Next
            </button>
          </div>
        </Card>
        <Card title="Add a patient">
          <CreatePatientForm onCreated={state.refetch} />
        </Card>
      </div>
    </div>
  );
}

function CreatePatientForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const create = useMutation(CreatePatientMutation);
  const [code, setCode] = useState("");
  const [birthDate, setBirthDate] = useState("");
  const [gestationalAgeWeeks, setGestationalAgeWeeks] = useState("40");

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create.mutate({ input: { code, birthDate: new Date(`${birthDate}T00:00:00Z`).toISOString(), gestationalAgeWeeks: Number(gestationalAgeWeeks) } });
    if (result) {
      setCode("");
      await onCreated();
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <label className="field">
        Code (pseudonymous, never a name)
        <input name="code" required value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      <label className="field">
        Birth date
        <input name="birthDate" type="date" required value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />
      </label>
      <label className="field">
        Gestational age at birth (weeks)
        <input name="gestationalAgeWeeks" type="number" min={20} max={45} step={0.1} required value={gestationalAgeWeeks} onChange={(e) => setGestationalAgeWeeks(e.target.value)} />
      </label>
      {create.error !== undefined && <ErrorState error={create.error} />}
      {create.data && <p className="notice">Added {create.data.createPatient.code}.</p>}
      <button className="btn primary" type="submit" disabled={create.pending}>
        Add patient
      </button>
    </form>
  );
}
