import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PATIENT_WORDS, PatientPicker, patientOption, type PatientOption } from "@/components/patients/patient-picker";
import { SearchPickerView, type SearchPickerViewProps } from "@/components/ui/search-picker";
import type { PickedOption } from "@/hooks/use-picked-option";
import { announced, attributes, markupText, PICKER_AT_REST } from "../support/markup";

const PATIENTS: PatientOption[] = [
  { id: "p1", code: "INF-0101", birthDate: "2026-08-01T00:00:00.000Z", gestationalAgeWeeks: 39 },
  { id: "p2", code: "INF-0102", birthDate: "2026-09-15T00:00:00.000Z", gestationalAgeWeeks: 34.5 },
];

const noop = () => undefined;

/** The picker as the upload form holds it: `id` picked, its option known or not, or being looked up. */
function picked(id: string, option: PatientOption | null, naming = false): PickedOption<PatientOption> {
  return { id, option, naming, remember: noop };
}

function renderPicker(state: PickedOption<PatientOption>): string {
  return renderToStaticMarkup(createElement(PatientPicker, { picked: state, onChange: noop }));
}

function renderView(props: Partial<SearchPickerViewProps<PatientOption>>): string {
  return renderToStaticMarkup(
    createElement(SearchPickerView<PatientOption>, {
      id: "pp",
      words: PATIENT_WORDS,
      renderOption: patientOption,
      maxLength: 64,
      ...PICKER_AT_REST,
      open: true,
      ...props,
    }),
  );
}

/** The attributes of the first <input>, by lower-cased name. */
const input = (html: string) => attributes(html, "input");
const text = markupText;

describe("the upload form's patient picker", () => {
  it("is a required combobox labelled Patient, searching codes (at most 64 characters), with nothing picked", () => {
    const html = renderPicker(picked("", null));
    const box = input(html);
    expect(box).toMatchObject({ role: "combobox", "aria-expanded": "false", "aria-autocomplete": "list", "aria-required": "true", maxlength: "64", value: "", placeholder: "type a part of the code" });
    expect(html).toMatch(/<label id="[^"]+" for="[^"]+">Patient<\/label>/);
    expect(html).not.toContain("Clear");
  });

  it("shows the patient a link picked (?patient=) by code, with a button that clears it", () => {
    const html = renderPicker(picked("p2", PATIENTS[1]!));
    expect(input(html).value).toBe("INF-0102");
    expect(html).toMatch(/<button type="button" class="btn" aria-label="Clear patient">Clear<\/button>/);
  });

  it("says it is finding the patient a link names, and shows an id that names none as the id", () => {
    expect(input(renderPicker(picked("p9", null, true)))).toMatchObject({ value: "", placeholder: "finding the patient…", "aria-busy": "true" });
    expect(input(renderPicker(picked("p9", null)))).toMatchObject({ value: "patient p9" });
  });

  it("lists the matching codes with their birth dates, and says when more match than it shows", () => {
    const html = renderView({ text: "INF", search: { kind: "found", options: PATIENTS, more: true }, active: 1 });
    const options = [...html.matchAll(/<li id="[^"]+" role="option" aria-selected="(true|false)">(.*?)<\/li>/g)].map((m) => [m[1], text(m[2]!)]);
    expect(options).toHaveLength(2);
    expect(options[0]![1]).toMatch(/^INF-0101 born .*2026$/);
    expect(options[1]![0]).toBe("true");
    expect(text(html)).toContain("The first 2 matching patients: type more of the code to find others.");
  });

  it("says No patient matches when no code contains the text", () => {
    const html = renderView({ text: "ZZZ" });
    expect(html).toContain('data-testid="patient-search-note"');
    expect(announced(html)).toBe("No patient matches");
  });
});
