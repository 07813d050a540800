import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { searchPickerStatus, SearchPickerView, type SearchPickerViewProps, type SearchPickerWords } from "@/components/ui/search-picker";
import { announced, attributes, markupText, PICKER_AT_REST } from "../support/markup";

/** A picker of something other than accounts or patients: the words come from its user alone. */
const WORDS: SearchPickerWords = {
  label: "Device",
  one: "device",
  many: "devices",
  narrow: "type more of the serial number to find others",
  placeholder: "type a serial number",
  naming: "finding the device…",
};

interface Device {
  id: string;
  serial: string;
}

const DEVICES: Device[] = [
  { id: "d1", serial: "SN-0001" },
  { id: "d2", serial: "SN-0002" },
];

function render(props: Partial<SearchPickerViewProps<Device>> = {}): string {
  return renderToStaticMarkup(
    createElement(SearchPickerView<Device>, {
      id: "sp",
      words: WORDS,
      renderOption: (d: Device) => createElement("b", null, d.serial),
      maxLength: 32,
      ...PICKER_AT_REST,
      ...props,
    }),
  );
}

const text = markupText;

describe("a search picker", () => {
  it("is labelled, limited and worded as its user says, and not required unless asked", () => {
    const html = render();
    expect(html).toContain('<label id="sp-label" for="sp-input">Device</label>');
    const input = attributes(html, "input");
    expect(input).toMatchObject({ role: "combobox", maxlength: "32", placeholder: "type a serial number" });
    expect(input["aria-required"]).toBeUndefined();
    expect(attributes(render({ required: true }), "input")["aria-required"]).toBe("true");
  });

  it("draws each option as its user renders it, the active one marked", () => {
    const html = render({ open: true, search: { kind: "found", options: DEVICES, more: false }, active: 0 });
    expect([...html.matchAll(/<li id="([^"]+)" role="option" aria-selected="(true|false)">(.*?)<\/li>/g)].map((m) => [m[1], m[2], m[3]])).toEqual([
      ["sp-option-0", "true", "<b>SN-0001</b>"],
      ["sp-option-1", "false", "<b>SN-0002</b>"],
    ]);
    expect(announced(html)).toBe("2 devices match");
  });

  it("says in its user's words that nothing matches, that there are more, that it failed, under a test id named after them", () => {
    const none = render({ open: true, search: { kind: "found", options: [], more: false } });
    expect(text(/<p class="combobox-note muted" data-testid="device-search-note">.*?<\/p>/.exec(none)![0])).toBe("No device matches");
    expect(searchPickerStatus({ kind: "found", options: DEVICES, more: true }, WORDS)).toEqual({ text: "The first 2 matching devices: type more of the serial number to find others.", shown: true });
    expect(searchPickerStatus({ kind: "failed", message: "Offline." }, WORDS).text).toBe("The devices could not be searched: Offline.");
    expect(searchPickerStatus({ kind: "found", options: DEVICES.slice(1), more: false }, WORDS)).toEqual({ text: "1 device matches", shown: false });
  });

  it("names its Clear button after its label, and looks a picked id up under its own placeholder", () => {
    expect(render({ text: "SN-0001", pickedLabel: "SN-0001" })).toMatch(/<button type="button" class="btn" aria-label="Clear device">Clear<\/button>/);
    expect(attributes(render({ pickedLabel: "", naming: true }), "input")).toMatchObject({ placeholder: "finding the device…", "aria-busy": "true", value: "" });
  });
});
