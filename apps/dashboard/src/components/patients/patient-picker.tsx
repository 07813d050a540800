"use client";

import { SearchPicker, type SearchPage, type SearchPickerWords } from "@/components/ui/search-picker";
import { PatientPickQuery, PatientSearchQuery } from "@/graphql/patients";
import type { PickedOption } from "@/hooks/use-picked-option";
import { formatDate } from "@/lib/format";
import { execute } from "@/lib/graphql-client";

/** A patient as the picker lists it. */
export interface PatientOption {
  id: string;
  /** Pseudonymous code chosen by the clinic (never a name). */
  code: string;
  birthDate: string;
  gestationalAgeWeeks: number;
}

/** The longest patient code (CreatePatientInput.code): a longer search finds nothing. */
export const MAX_PATIENT_CODE_LENGTH = 64;

/** The patient picker's words (the box's label, its messages). */
export const PATIENT_WORDS: SearchPickerWords = {
  label: "Patient",
  one: "patient",
  many: "patients",
  narrow: "type more of the code to find others",
  placeholder: "type a part of the code",
  naming: "finding the patient…",
};

/** A patient in the list: the code, and the birth date that tells similar codes apart. */
export function patientOption(p: Pick<PatientOption, "code" | "birthDate">) {
  return (
    <>
      <span>{p.code}</span> <span className="muted">born {formatDate(p.birthDate)}</span>
    </>
  );
}

/** Patients whose code contains `text` (patients(search:)), newest first. */
export async function searchPatients(text: string, first: number): Promise<SearchPage<PatientOption>> {
  const data = await execute(PatientSearchQuery, { search: text, first });
  return { options: data.patients.edges.map((e) => e.node), more: data.patients.pageInfo.hasNextPage };
}

/** The patient an id names (a link's `?patient=`); a patient the caller cannot see fails as NOT_FOUND. */
export async function namePatient(id: string): Promise<PatientOption> {
  return (await execute(PatientPickQuery, { id })).patient;
}

/**
 * The upload form's Patient field for any number of patients ({@link SearchPicker}): type a part
 * of the pseudonymous code and pick from the matches. `picked` is the form's
 * (`usePickedOption(patientId, namePatient)`), so that the form also knows the patient's details.
 */
export function PatientPicker({ picked, onChange }: { picked: PickedOption<PatientOption>; onChange: (patient: PatientOption | null) => void }) {
  return (
    <SearchPicker
      words={PATIENT_WORDS}
      picked={picked}
      optionLabel={(p) => p.code}
      renderOption={patientOption}
      search={searchPatients}
      maxLength={MAX_PATIENT_CODE_LENGTH}
      required
      onChange={onChange}
    />
  );
}
