"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Card, EmptyState, ErrorState, PageHeader, ProgressBar } from "@/components/ui";
import { AnalyzeVideoMutation } from "@/graphql/analyses";
import { PatientsQuery } from "@/graphql/patients";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { uploadFile } from "@/lib/upload-file";

/** Pick a patient and a video, give the ages, upload, then follow the analysis. */
export function UploadForm() {
  const router = useRouter();
  const params = useSearchParams();
  const patients = useQuery(PatientsQuery, { variables: { first: 100 } });
  const analyze = useMutation(AnalyzeVideoMutation);
  const [patientId, setPatientId] = useState(params.get("patient") ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [ageWeeks, setAgeWeeks] = useState("12");
  const [gestationalAgeWeeks, setGestationalAgeWeeks] = useState("");
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>();

  const list = patients.data?.patients.edges.map((e) => e.node) ?? [];
  const selected = list.find((p) => p.id === patientId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !patientId) return;
    setUploadError(undefined);
    setUploaded(0);
    try {
      const receipt = await uploadFile(file, "video", setUploaded);
      const result = await analyze.mutate({
        input: {
          uploadId: receipt.uploadId,
          patientId,
          ageWeeks: Number(ageWeeks),
          gestationalAgeWeeks: gestationalAgeWeeks ? Number(gestationalAgeWeeks) : (selected?.gestationalAgeWeeks ?? null),
        },
      });
      if (result) router.push(`/analyses/${result.analyzeVideo.id}`);
    } catch (caught) {
      setUploadError(caught);
      setUploaded(null);
    }
  }

  if (patients.error !== undefined && !patients.data) return <ErrorState error={patients.error} retry={patients.refetch} />;
  if (patients.data && list.length === 0)
    return (
      <div className="stack">
        <PageHeader title="Upload a recording" />
        <EmptyState title="No patients yet">
          <p>
            <Link href="/patients">Add a patient</Link> first; every recording belongs to one.
          </p>
        </EmptyState>
      </div>
    );

  const busy = uploaded !== null || analyze.pending;
  return (
    <div className="stack">
      <PageHeader title="Upload a recording" description="A video of the infant lying on the back, 1 to 5 minutes, whole body in view." />
      <Card>
        <form className="form" onSubmit={submit}>
          <label className="field">
            Patient
            <select name="patient" required value={patientId} onChange={(e) => setPatientId(e.target.value)} disabled={!patients.data}>
              <option value="">{patients.data ? "choose…" : "loading…"}</option>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Video file
            <input name="video" type="file" accept="video/*" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <label className="field">
            Age at recording (weeks post-term)
            <input name="ageWeeks" type="number" min={0} max={60} step={0.1} required value={ageWeeks} onChange={(e) => setAgeWeeks(e.target.value)} />
          </label>
          <label className="field">
            Gestational age at birth (weeks)
            <input
              name="gestationalAgeWeeks"
              type="number"
              min={20}
              max={45}
              step={0.1}
              placeholder={selected ? `${selected.gestationalAgeWeeks} (patient's)` : ""}
              value={gestationalAgeWeeks}
              onChange={(e) => setGestationalAgeWeeks(e.target.value)}
            />
          </label>
          {uploaded !== null && (
            <div className="row" data-testid="upload-progress">
              <ProgressBar value={uploaded * 100} label="upload progress" />
              <span className="muted">{uploaded < 1 ? `uploading ${Math.round(uploaded * 100)} %` : "uploaded; queueing the analysis…"}</span>
            </div>
          )}
          {uploadError !== undefined && <ErrorState error={uploadError} />}
          {analyze.error !== undefined && <ErrorState error={analyze.error} />}
          <button className="btn primary" type="submit" disabled={busy || !file || !patientId}>
            {busy ? "Working…" : "Upload and analyse"}
          </button>
        </form>
      </Card>
    </div>
  );
}
