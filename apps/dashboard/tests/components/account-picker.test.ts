import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { accountLabel, AccountPickerView, accountSearchStatus, type AccountOption, type AccountPickerViewProps } from "@/components/admin/account-picker";
import { announced, attributes, markupText, PICKER_AT_REST } from "../support/markup";

const ACCOUNTS: AccountOption[] = [
  { id: "u1", displayName: "Dr Ada Osei", email: "ada@clinic.test", isActive: true },
  { id: "u2", displayName: "Bea Adams", email: "bea@clinic.test", isActive: false },
  { id: "u3", displayName: "Carl Adair", email: "carl@clinic.test", isActive: true },
];

function render(props: Partial<AccountPickerViewProps> = {}): string {
  return renderToStaticMarkup(
    createElement(AccountPickerView, {
      id: "ap",
      ...PICKER_AT_REST,
      ...props,
    }),
  );
}

const text = markupText;

describe("the audit log's account picker", () => {
  it("is a text box labelled Account with the combobox's roles, its list closed and nothing picked", () => {
    const html = render();
    const input = attributes(html, "input");
    expect(input).toMatchObject({ id: "ap-input", type: "text", role: "combobox", "aria-expanded": "false", "aria-controls": "ap-listbox", "aria-autocomplete": "list", autocomplete: "off", maxlength: "200", value: "" });
    expect(input.placeholder).toBe("anyone: type a name or email");
    expect(input["aria-activedescendant"]).toBeUndefined();
    expect(html).toContain('<label id="ap-label" for="ap-input">Account</label>');
    // The list it controls is there (so aria-controls names an element), hidden, named by the label.
    expect(attributes(html, "ul")).toMatchObject({ role: "listbox", id: "ap-listbox", "aria-labelledby": "ap-label", hidden: "" });
    expect(attributes(html, "div", 'class="combobox-popup"')).toHaveProperty("hidden");
    expect(html).not.toContain("Clear");
    expect(announced(html)).toBe("");
  });

  it("lists the matches with their emails, marks a deactivated account and the option the arrow keys are on, and announces how many", () => {
    const html = render({ open: true, text: "ad", search: { kind: "found", options: ACCOUNTS, more: false }, active: 1 });
    expect(attributes(html, "input")).toMatchObject({ "aria-expanded": "true", "aria-activedescendant": "ap-option-1", value: "ad" });
    expect(attributes(html, "div", 'class="combobox-popup"')).not.toHaveProperty("hidden");
    expect(attributes(html, "ul")).not.toHaveProperty("hidden");
    const options = [...html.matchAll(/<li id="([^"]+)" role="option" aria-selected="(true|false)">(.*?)<\/li>/g)].map((m) => [m[1], m[2], text(m[3]!)]);
    expect(options).toEqual([
      ["ap-option-0", "false", "Dr Ada Osei ada@clinic.test"],
      ["ap-option-1", "true", "Bea Adams bea@clinic.test · deactivated"],
      ["ap-option-2", "false", "Carl Adair carl@clinic.test"],
    ]);
    // A plain count is for screen readers: the list itself shows it.
    expect(announced(html)).toBe("3 accounts match");
    expect(html).not.toContain("account-search-note");
  });

  it("names no active option when the arrow keys have not moved into the list", () => {
    const html = render({ open: true, search: { kind: "found", options: ACCOUNTS, more: false }, active: -1 });
    expect(attributes(html, "input")["aria-activedescendant"]).toBeUndefined();
    expect(html).not.toContain('aria-selected="true"');
  });

  it("says No account matches when nothing does, with no empty list shown", () => {
    const html = render({ open: true, text: "zzz", search: { kind: "found", options: [], more: false } });
    expect(text(/<p class="combobox-note muted"[^>]*>.*?<\/p>/.exec(html)![0])).toBe("No account matches");
    expect(announced(html)).toBe("No account matches");
    expect(attributes(html, "ul")).toHaveProperty("hidden");
  });

  it("says the list holds the first matches only and how to find the others", () => {
    const html = render({ open: true, text: "a", search: { kind: "found", options: ACCOUNTS, more: true } });
    expect(text(html)).toContain("The first 3 matching accounts: type more of the name or email to find others.");
  });

  it("says it is searching, offering no option of an earlier text meanwhile, and why a search failed", () => {
    const searching = render({ open: true, text: "ad", search: { kind: "searching" } });
    expect(announced(searching)).toBe("Searching…");
    expect(searching).not.toContain('role="option"');
    const failed = render({ open: true, text: "ad", search: { kind: "failed", message: "The API did not answer." } });
    expect(text(failed)).toContain("The accounts could not be searched: The API did not answer.");
  });

  it("shows the picked account's name and email in the box with a button that clears it", () => {
    const label = accountLabel(ACCOUNTS[0]!);
    expect(label).toBe("Dr Ada Osei (ada@clinic.test)");
    const html = render({ text: label, pickedLabel: label });
    expect(attributes(html, "input").value).toBe(label);
    expect(html).toMatch(/<button type="button" class="btn" aria-label="Clear account">Clear<\/button>/);
  });

  it("says it is finding the name of an account a link names, and offers to clear it meanwhile", () => {
    const html = render({ pickedLabel: "", naming: true });
    expect(attributes(html, "input")).toMatchObject({ value: "", placeholder: "finding the account…", "aria-busy": "true" });
    expect(html).toContain('aria-label="Clear account"');
  });

  it("counts one match in the singular", () => {
    expect(accountSearchStatus({ kind: "found", options: ACCOUNTS.slice(0, 1), more: false })).toEqual({ text: "1 account matches", shown: false });
  });
});
