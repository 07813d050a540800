"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { namePatient, PatientPicker } from "@/components/patients/patient-picker";
import { Card, EmptyState, ErrorState, PageHeader, ProgressBar } from "@/components/ui";
import { AnalyzeVideoMutation } from "@/graphql/analyses";
import { PatientCountQuery } from "@/graphql/patients";
import { usePickedOption } from "@/hooks/use-picked-option";
import { useQuery } from "@/hooks/use-query";
import { formatDateTime } from "@/lib/format";
import { execute } from "@/lib/graphql-client";
import { isAnalysisNotQueued, submitAnalysis, type KeptUpload } from "@/lib/submit-analysis";
import { uploadFile } from "@/lib/upload-file";

/** Where a press of the button stands: the file going up (with its progress 0..1), or the request. */
type Stage = { step: "idle" } | { step: "uploading"; fraction: number } | { step: "requesting"; uploadedNow: boolean };

/**
 * Pick a patient (found by a part of the code, however many there are; a link's `?patient=<id>`
 * picks one), a video, give the ages, upload, then follow the analysis. An analysis
 * request that fails leaves its upload with the API ({@link submitAnalysis}): the form keeps its
 * id, so the next press (or "Try again" when the queue refused the job) sends only the request.
 */
export function UploadForm() {
  const router = useRouter();
  const params = useSearchParams();
  // Only whether there is any: the picker searches them.
  const patients = useQuery(PatientCountQuery);
  const form = useRef<HTMLFormElement>(null);
  const [patientId, setPatientId] = useState(params.get("patient") ?? "");
  const patient = usePickedOption(patientId, namePatient);
  const [file, setFile] = useState<File | null>(null);
  const [ageWeeks, setAgeWeeks] = useState("12");
  const [gestationalAgeWeeks, setGestationalAgeWeeks] = useState("");
  const [stage, setStage] = useState<Stage>({ step: "idle" });
  const [error, setError] = useState<unknown>();
  const [kept, setKept] = useState<KeptUpload | null>(null);

  const selected = patient.option;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !patientId || stage.step !== "idle") return;
    setError(undefined);
    const input = {
      patientId,
      ageWeeks: Number(ageWeeks),
      gestationalAgeWeeks: gestationalAgeWeeks ? Number(gestationalAgeWeeks) : (selected?.gestationalAgeWeeks ?? null),
    };
    let uploadedNow = false;
    const outcome = await submitAnalysis(kept, {
      upload: () => {
        uploadedNow = true;
        setStage({ step: "uploading", fraction: 0 });
        return uploadFile(file, "video", (fraction) => setStage({ step: "uploading", fraction }));
      },
      request: (uploadId) => {
        setStage({ step: "requesting", uploadedNow });
        return execute(AnalyzeVideoMutation, { input: { ...input, uploadId } });
      },
      now: () => Date.now(),
    });
    if (outcome.ok) {
      router.push(`/analyses/${outcome.result.analyzeVideo.id}`);
      return;
    }
    setKept(outcome.kept);
    setError(outcome.error);
    setStage({ step: "idle" });
  }

  function chooseFile(chosen: File | null) {
    setFile(chosen);
    // The kept upload is the other file's.
    setKept(null);
  }

  if (patients.error !== undefined && !patients.data) return <ErrorState error={patients.error} retry={patients.refetch} />;
  if (patients.data && patients.data.patients.totalCount === 0)
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

  const busy = stage.step !== "idle";
  return (
    <div className="stack">
      <PageHeader title="Upload a recording" description="A video of the infant lying on the back, 1 to 5 minutes, whole body in view." />
      {/* Visible overflow: the patient picker's list opens over the fields below instead of scrolling inside this card. */}
      <Card className="picker-card">
        <form className="form" ref={form} onSubmit={submit}>
          <PatientPicker picked={patient} onChange={(p) => setPatientId(p?.id ?? "")} />
          <label className="field">
            Video file
            <input name="video" type="file" accept="video/*" required onChange={(e) => chooseFile(e.target.files?.[0] ?? null)} />
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
          {stage.step === "uploading" && (
            <div className="row" data-testid="upload-progress">
              <ProgressBar value={stage.fraction * 100} label="upload progress" />
              <span className="muted">{stage.fraction < 1 ? `uploading ${Math.round(stage.fraction * 100)} %` : "uploaded; queueing the analysis…"}</span>
            </div>
          )}
          {stage.step === "requesting" &&
            (stage.uploadedNow ? (
              <div className="row" data-testid="upload-progress">
                <ProgressBar value={100} label="upload progress" />
                <span className="muted">uploaded; queueing the analysis…</span>
              </div>
            ) : (
              // The file is already with the API: no progress bar of an upload that is not happening.
              <p className="muted" style={{ margin: 0 }} data-testid="request-again">
                Requesting the analysis of the recording already uploaded…
              </p>
            ))}
          {error !== undefined && (
            <ErrorState error={error} retry={kept && isAnalysisNotQueued(error) ? () => form.current?.requestSubmit() : undefined}>
              {kept && (
                <p style={{ margin: "4px 0 0" }} data-testid="upload-kept">
                  The recording stays uploaded until {formatDateTime(kept.expiresAt)}: {isAnalysisNotQueued(error) ? "Try again" : "the button below"} sends only the
                  analysis request, and uploads the recording again only if the server no longer has it.
                </p>
              )}
            </ErrorState>
          )}
          <button className="btn primary" type="submit" disabled={busy || !file || !patientId}>
            {busy ? "Working…" : kept ? "Analyse the uploaded recording" : "Upload and analyse"}
          </button>
        </form>
      </Card>
    </div>
  );
}
