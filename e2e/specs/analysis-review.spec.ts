import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { analyseKeypoints, createAccount, firstAdmin, graphqlSession, PHONE, rightEdge, screenshot, sidewaysScroll, signIn } from "./helpers";

// A clinician records their own General Movements Assessment of a finished analysis on its page,
// with the keyboard alone, and finds it again after a reload, in the analyses list and on
// paper; then edits and withdraws it. The card meets WCAG 2.1 AA with the form open and with the
// review shown. Its own analysis (a short simulated recording of fidgety movements, made here),
// so that the shared one the other specs read stays unreviewed.

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** A 12-second simulated recording (the shortest analysed is 10 s) as a keypoint file. */
function shortRecording(): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gma-e2e-review-"));
  try {
    const file = path.join(dir, "fidgety.json");
    execFileSync(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      [path.join(ROOT, "packages/core/src/synthetic/make-keypoints.ts"), "--class", "fidgety", "--seed", "7", "--duration", "12", "--age-weeks", "12", "--no-dropouts", "--out", file],
      { cwd: ROOT },
    );
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The WCAG 2.1 A/AA violations axe finds on the page (rule, impact and elements each), as accessibility.spec.ts checks every page. */
async function violations(page: Page): Promise<string[]> {
  await expect(page.locator(".skeleton")).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? "unknown impact"}): ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Presses Tab from where focus is until it reaches the review form's classes (one stop: one radio group), at most `limit` times. */
async function tabToTheClasses(page: Page, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.matches("form input[type=radio]") === true)) return;
  }
  throw new Error(`Tab did not reach the review's classes in ${limit} presses`);
}

test("a clinician reviews a finished analysis with the keyboard, sees it after a reload, in the lists and on paper, edits and withdraws it, and an admin reads each step in its audit history", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const clinician = await createAccount(baseURL!, "CLINICIAN");
  const session = await graphqlSession(baseURL!, clinician.email, clinician.password);
  const { id, patientId } = await analyseKeypoints(session, shortRecording());
  const { analysis } = await session.run<{ analysis: { riskLevel: "LOW" | "MEDIUM" | "HIGH"; report: { age: { period: string } }; patient: { code: string } } }>(
    `query ($id: ID!) { analysis(id: $id) { riskLevel report patient { code } } }`,
    { id },
  );
  await session.context.dispose();
  const risk = analysis.riskLevel.toLowerCase();
  // 12 weeks after a birth at 39 weeks: 11 weeks corrected, the fidgety period.
  expect(analysis.report.age.period).toBe("fidgety");

  await signIn(page, clinician.email, clinician.password);
  // The overview says what awaits a review and leads to that worklist.
  await expect(page.getByTestId("to-review")).toHaveText("1 finished analysis awaits your review. Review them");
  await page.getByRole("link", { name: "Review them" }).click();
  await expect(page.getByLabel("Review filter")).toHaveValue("to-review");
  await expect(page.getByTestId("analysis-row")).toHaveCount(1);
  await page.getByTestId("analysis-row").getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/analyses/${id}$`));
  await expect(page.getByTestId("analysis-status")).toHaveText("succeeded");
  // Found by CSS, not by role, so that it is found in print media too, where parts of it are hidden.
  const card = page.locator("section.card", { has: page.locator("h2", { hasText: "Clinician's review" }) });
  await expect(card).toHaveCount(1);
  const form = card.getByRole("form", { name: "Record a clinician's review" });
  await expect(form).toBeVisible();

  // The recording's own period first, and said to be; every class with its abbreviation and description.
  const groups = form.getByRole("group");
  await expect(groups).toHaveCount(3);
  await expect(groups.nth(0)).toHaveAccessibleName("Fidgety period (9-20 weeks corrected) this recording's period");
  await expect(groups.nth(1)).toHaveAccessibleName("Writhing period (to 8 weeks corrected)");
  await expect(groups.nth(2)).toHaveAccessibleName("Other");
  const absent = form.getByRole("radio", { name: "F- Fidgety movements absent" });
  await expect(absent).toHaveAccessibleDescription("No fidgety movements, though other movements may be seen.");
  await expect(form.getByRole("radio")).toHaveCount(8);
  expect(await violations(page), "the review form").toEqual([]);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, "analysis-review-form");

  // Printed, an unreviewed analysis shows nothing of the card.
  await page.emulateMedia({ media: "print" });
  await expect(card).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // The keyboard alone: Tab into the classes (one stop), Space chooses the first, the arrows move the choice.
  await page.mouse.click(1, 1);
  await tabToTheClasses(page);
  const normal = form.getByRole("radio", { name: "F+ Normal fidgety movements" });
  await expect(normal).toBeFocused();
  await page.keyboard.press("Space");
  await expect(normal).toBeChecked();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(absent).toBeChecked();
  await expect(absent).toBeFocused();
  await expect(normal).not.toBeChecked();
  await expect(page.getByTestId("review-period-warning")).toHaveCount(0);
  // One step further is the writhing period's N: a class of another period than the recording's is pointed out, not refused.
  await page.keyboard.press("ArrowDown");
  await expect(form.getByRole("radio", { name: "N Normal writhing movements" })).toBeChecked();
  await expect(page.getByTestId("review-period-warning")).toHaveText(
    "N (Normal writhing movements) is a class of the writhing period (to 8 weeks corrected), but this recording is in the fidgety period (9-20 weeks corrected). Check the class, or the age the recording was analysed with.",
  );
  await page.keyboard.press("ArrowUp");
  await expect(absent).toBeChecked();
  await expect(page.getByTestId("review-period-warning")).toHaveCount(0);
  // Tab leaves the group for the notes, which count as they are typed.
  await page.keyboard.press("Tab");
  const notes = form.getByRole("textbox", { name: "Notes (optional)" });
  await expect(notes).toBeFocused();
  await page.keyboard.type("No fidgety movements in 3 minutes.");
  await page.keyboard.press("Enter");
  await page.keyboard.type("See again at 14 weeks.");
  const written = "No fidgety movements in 3 minutes.\nSee again at 14 weeks.";
  await expect(notes).toHaveValue(written);
  await expect(page.getByTestId("review-notes-count")).toHaveText(`${written.length} / 4000`);
  await expect(notes).toHaveAccessibleDescription(`${written.length} / 4000`);
  await page.keyboard.press("Tab");
  await expect(form.getByRole("button", { name: "Save review" })).toBeFocused();
  await page.keyboard.press("Enter");

  // The review replaces the form, without a reload, and takes the keyboard's focus.
  const saved = page.getByTestId("saved-review");
  await expect(saved).toBeVisible();
  await expect(saved).toBeFocused();
  await expect(form).toHaveCount(0);
  const expectReview = async (className: string, notesText: string, agreement: "agrees" | "differs") => {
    await expect(page.getByTestId("review-class")).toHaveText(className);
    // The notes keep their line break on screen.
    expect(await page.getByTestId("review-notes").evaluate((element) => (element as HTMLElement).innerText)).toBe(notesText);
    await expect(page.getByTestId("review-by")).toContainText("E2E clinician, ");
    await expect(page.getByTestId("review-model-risk").locator(".badge")).toHaveText(risk);
    await expect(page.getByTestId("review-agreement")).toContainText(`The clinician's class ${agreement === "agrees" ? "agrees with" : "differs from"} the model`);
  };
  // Absent fidgety movements are abnormal: they agree with a medium or high risk, not a low one.
  await expectReview("F- (Fidgety movements absent)", written, risk === "low" ? "differs" : "agrees");
  expect(await violations(page), "the review shown").toEqual([]);
  await screenshot(page, "analysis-review");

  // On paper the review prints, without its buttons.
  await expect(card.locator("button:visible")).toHaveCount(2);
  await page.emulateMedia({ media: "print" });
  await expect(saved).toBeVisible();
  await expect(page.getByTestId("review-class")).toBeVisible();
  await expect(card.locator("button:visible")).toHaveCount(0);
  await page.emulateMedia({ media: "screen" });

  // A reload shows what the API holds.
  await page.reload();
  await expectReview("F- (Fidgety movements absent)", written, risk === "low" ? "differs" : "agrees");

  // Reviewed, it leaves the worklist for the reviewed list, and the overview has nothing waiting.
  await page.goto("/analyses?review=to-review&archived=1");
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.goto("/analyses?review=reviewed");
  await expect(page.getByTestId("analysis-row")).toHaveCount(1);
  await page.goto("/");
  await expect(page.getByTestId("analyses-table")).toBeVisible();
  await expect(page.getByTestId("to-review")).toHaveCount(0);

  // The analyses list and the patient's analyses show the class by its abbreviation, named in full.
  await page.goto("/analyses");
  const row = page.getByTestId("analysis-row").filter({ hasText: analysis.patient.code });
  await expect(row).toHaveCount(1);
  const mark = row.getByTestId("review-mark");
  await expect(mark).toHaveAttribute("title", "F- (Fidgety movements absent)");
  await expect(mark.locator(".badge")).toHaveText("F-");
  await expect(mark.locator(".visually-hidden")).toHaveText("F- (Fidgety movements absent)");
  // On a phone the review column stays in view, and nothing scrolls sideways.
  await page.setViewportSize(PHONE);
  expect(await rightEdge(mark.locator(".badge"))).toBeLessThanOrEqual(PHONE.width);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/patients/${patientId}`);
  await expect(page.getByTestId("patient-analyses").getByTestId("review-mark")).toHaveAttribute("title", "F- (Fidgety movements absent)");

  // Edit: the form opens with the review in it.
  await page.goto(`/analyses/${id}`);
  await card.getByRole("button", { name: "Edit review" }).focus();
  await page.keyboard.press("Enter");
  const editForm = card.getByRole("form", { name: "Edit the clinician's review" });
  await expect(editForm).toBeVisible();
  await expect(editForm.getByRole("radio", { name: "F- Fidgety movements absent" })).toBeChecked();
  await expect(editForm.getByRole("radio", { name: "F- Fidgety movements absent" })).toBeFocused();
  await expect(editForm.getByRole("textbox", { name: "Notes (optional)" })).toHaveValue(written);
  expect(await violations(page), "the review form, editing").toEqual([]);
  // Printed meanwhile, the paper has the review as saved (not on screen now), not the form.
  await expect(page.getByTestId("review-class")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("review-class")).toHaveText("F- (Fidgety movements absent)");
  await expect(card.locator("form")).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // Notes over the limit: the count says so, and the API's refusal shows in words.
  const editNotes = editForm.getByRole("textbox", { name: "Notes (optional)" });
  await editNotes.fill("x".repeat(4001));
  await expect(page.getByTestId("review-notes-count")).toHaveText("4001 / 4000 characters: 1 too many, shorten the notes");
  await editForm.getByRole("button", { name: "Save review" }).click();
  await expect(editForm.getByRole("alert")).toContainText("at most 4000 characters");
  await expect(editForm.getByRole("alert")).toContainText("BAD_USER_INPUT");

  // Another class, from the keyboard: up from F- past AF to F+; new notes; Space on Save.
  await editForm.getByRole("radio", { name: "F- Fidgety movements absent" }).focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(editForm.getByRole("radio", { name: "F+ Normal fidgety movements" })).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Fidgety movements seen after all.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(saved).toBeFocused();
  // Normal fidgety movements are normal: they agree with a low risk only.
  await expectReview("F+ (Normal fidgety movements)", "Fidgety movements seen after all.", risk === "low" ? "agrees" : "differs");
  await expect(page.getByTestId("review-by")).toContainText("(first reviewed ");

  // Withdraw asks first; dismissed, the review stays.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await card.getByRole("button", { name: "Withdraw review" }).click();
  await expect(page.getByTestId("review-class")).toHaveText("F+ (Normal fidgety movements)");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await card.getByRole("button", { name: "Withdraw review" }).click();
  // The empty form is back, and the list has the analysis to review again.
  await expect(card.getByRole("form", { name: "Record a clinician's review" })).toBeVisible();
  await expect(page.getByTestId("saved-review")).toHaveCount(0);
  expect(asked).toContain("Withdraw your review");
  await expect(card.getByRole("radio", { checked: true })).toHaveCount(0);
  await page.reload();
  await expect(card.getByRole("form", { name: "Record a clinician's review" })).toBeVisible();
  await page.goto("/analyses");
  await expect(row.getByTestId("review-mark")).toHaveText("to review");
  // The clinician has no audit history to open; an admin follows the analysis's to its log.
  await page.goto(`/analyses/${id}`);
  await expect(card).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit history" })).toHaveCount(0);

  await page.context().clearCookies();
  const admin = firstAdmin();
  await signIn(page, admin.email, admin.password);
  await page.goto(`/analyses/${id}`);
  await page.getByRole("link", { name: "Audit history" }).click();
  await expect(page).toHaveURL(/\/audit\?targetType=analysis&targetId=/);
  await expect(page.getByLabel("Record kind")).toHaveValue("analysis");
  await expect(page.getByLabel("Record id")).toHaveValue(id);
  // Newest first: the withdrawal, the second review and the first, each by the clinician; the
  // refused save left nothing, and the notes never reach the log.
  await expect(page.getByTestId("audit-action")).toHaveText(["Review withdrawn", "Analysis reviewed", "Analysis reviewed"]);
  await expect(page.getByTestId("audit-row").first()).toContainText("E2E clinician");
  await expect(page.getByTestId("audit-row").nth(1)).toContainText("classification: NORMAL_FIDGETY · previousClassification: ABSENT_FIDGETY");
  await expect(page.getByTestId("audit-table")).not.toContainText("Fidgety movements seen after all");
});
