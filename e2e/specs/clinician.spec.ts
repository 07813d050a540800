import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { cardsScrollingSideways, createAccount, PHONE, rightEdge, screenshot, sidewaysScroll, signIn, unique } from "./helpers";

// A real person on camera: Debian opencv-doc's messi5.jpg (kept in @gma/core's test fixtures),
// slowly zooming and swaying so that the pose tracker has movement to follow.
const PHOTO = path.resolve(import.meta.dirname, "..", "..", "packages", "core", "tests", "fixtures", "messi5.jpg");

let workDir: string;
test.beforeEach(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "gma-e2e-clip-"));
});
test.afterEach(() => rmSync(workDir, { recursive: true, force: true }));

function makeClip(seconds: number): string {
  const out = path.join(workDir, "clip.mp4");
  execFileSync("ffmpeg", [
    "-y", "-hide_banner", "-loglevel", "error", "-loop", "1", "-framerate", "25", "-i", PHOTO,
    "-vf", "zoompan=z='min(zoom+0.002,1.3)':d=1:s=274x172:fps=25,rotate=a='0.1*sin(2*PI*t/3)':fillcolor=black",
    "-t", String(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", out,
  ]);
  return out;
}

test("a clinician's recording too short to analyse is refused at upload in the quality gate's words, and no analysis is made", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const clinician = await createAccount(baseURL!, "CLINICIAN");
  await signIn(page, clinician.email, clinician.password);
  await page.getByRole("link", { name: "Patients" }).click();
  const code = unique("S");
  await page.getByLabel("Code (pseudonymous, never a name)").fill(code);
  await page.getByLabel("Birth date").fill("2026-08-01");
  await page.getByLabel("Gestational age at birth (weeks)").fill("39");
  await page.getByRole("button", { name: "Add patient" }).click();
  await expect(page.getByTestId("patients-table")).toContainText(code);

  await page.getByRole("link", { name: "Upload" }).click();
  await expect(page.getByRole("heading", { name: "Upload a recording" })).toBeVisible();
  const patient = page.getByRole("combobox", { name: "Patient", exact: true });
  await patient.focus();
  await page.keyboard.type(code);
  await expect(page.getByRole("listbox", { name: "Patient" }).getByRole("option", { name: code })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(patient).toHaveValue(code);
  await page.getByLabel("Video file").setInputFiles(makeClip(3));
  await page.getByLabel("Age at recording (weeks post-term)").fill("12");
  await page.getByRole("button", { name: "Upload and analyse" }).click();

  // Refused by the upload itself: the form stays, saying why and what to do.
  const alert = page.locator("main").getByRole("alert");
  await expect(alert).toContainText("The recording is not good enough to analyse: the recording is 3.0 s long (at least 10 s needed).");
  await expect(alert).toContainText("QUALITY_TOO_LOW");
  await expect(page).toHaveURL(/\/upload/);
  await screenshot(page, "upload-too-short");
  // Nothing was queued for the patient.
  await page.goto("/analyses");
  await expect(page.getByText(code)).toHaveCount(0);
});

test("a clinician adds a patient, uploads a clip, watches it reach 100 % and reads the report", async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const clinician = await createAccount(baseURL!, "CLINICIAN");
  await signIn(page, clinician.email, clinician.password);

  await page.getByRole("link", { name: "Patients" }).click();
  await expect(page.getByTestId("empty-state")).toBeVisible();
  const code = unique("P");
  await page.getByLabel("Code (pseudonymous, never a name)").fill(code);
  await page.getByLabel("Birth date").fill("2026-08-01");
  await page.getByLabel("Gestational age at birth (weeks)").fill("39");
  await page.getByRole("button", { name: "Add patient" }).click();
  await expect(page.getByTestId("patients-table")).toContainText(code);
  await screenshot(page, "patients");

  await page.getByRole("link", { name: "Upload" }).click();
  // Wait for the upload page: right after the click the patients page, whose "Search patients"
  // box also answers to the label "Patient", could still be the one shown.
  await expect(page.getByRole("heading", { name: "Upload a recording" })).toBeVisible();
  // The patient is found by a part of its code, however many the clinician has, and picked with
  // the keyboard: typing searches, Down moves onto the match, Enter picks it.
  const patient = page.getByRole("combobox", { name: "Patient", exact: true });
  await patient.focus();
  await page.keyboard.type(code.slice(-6).toLowerCase());
  const patientOption = page.getByRole("listbox", { name: "Patient" }).getByRole("option", { name: code });
  await expect(patientOption).toBeVisible();
  await expect(page.getByRole("listbox", { name: "Patient" }).getByRole("option")).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await expect(patientOption).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(patient).toHaveValue(code);
  // The patient's own gestational age is what the analysis uses unless another is given.
  await expect(page.getByLabel("Gestational age at birth (weeks)")).toHaveAttribute("placeholder", "39 (patient's)");
  await page.getByLabel("Video file").setInputFiles(makeClip(12));
  await page.getByLabel("Age at recording (weeks post-term)").fill("12");
  await page.getByRole("button", { name: "Upload and analyse" }).click();

  await expect(page).toHaveURL(/\/analyses\/[^/]+$/, { timeout: 60_000 });
  await screenshot(page, "analysis-running");
  // Wait for the end, whatever it is, then require success (a failure shows its code here).
  await expect(page.getByTestId("analysis-status")).toHaveText(/succeeded|failed|cancelled/, { timeout: 240_000 });
  await expect(page.locator("main").getByRole("alert")).toHaveCount(0);
  await expect(page.getByTestId("analysis-status")).toHaveText("succeeded");
  await expect(page.getByTestId("progress-value")).toHaveText("100 %");
  await expect(page.getByTestId("error-timeline")).toBeVisible();
  await expect(page.getByTestId("joint-amplitudes")).toBeVisible();
  await expect(page.getByTestId("asymmetry")).toBeVisible();
  // The shipped model has seen only simulated infants; the report must say so where its risk is read.
  await expect(page.getByTestId("synthetic-model-notice")).toContainText("SYNTHETIC model");
  // Quality criteria in words with units, not the report's field names.
  await expect(page.getByTestId("quality")).toContainText("frames with a pose");
  await expect(page.getByTestId("quality")).not.toContainText("validPoseShare");

  // The player loads the joint sequence the analysis was computed from (12 s at 25 fps), and
  // its clock moves the frame shown and the timeline cursor.
  const canvas = page.getByTestId("skeleton-canvas");
  await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 15_000 });
  expect(Number(await canvas.getAttribute("data-frames"))).toBeGreaterThan(200);
  await expect(canvas).toHaveAttribute("data-frame", "0");
  const time = page.getByTestId("player-time");
  const before = await time.textContent();
  await page.getByRole("button", { name: "Play" }).click();
  await expect(time).not.toHaveText(before ?? "", { timeout: 5000 });
  await expect(canvas).not.toHaveAttribute("data-frame", "0", { timeout: 5000 });
  await screenshot(page, "analysis-report");

  // The charts title both axes; on a phone the report's tables fit the screen, the asymmetry
  // finding in view (each limb's normal range and z give way).
  await expect(page.getByTestId("error-timeline")).toContainText("window start in the recording (s)");
  await expect(page.getByTestId("joint-amplitudes")).toContainText("joint");
  // At desktop widths every card of the report fits, its tables whole: the Asymmetry and Quality
  // tables once scrolled sideways in their half-width cards at 1280 px.
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    // Polled: the charts follow a new width a frame later, and are wider than their card until then.
    await expect.poll(() => cardsScrollingSideways(page), { message: `cards that scroll sideways at ${width} px` }).toEqual([]);
    await expect(page.getByTestId("asymmetry").getByRole("columnheader", { name: "z", exact: true })).toBeVisible();
  }
  await screenshot(page, "analysis-report-1440");
  await page.setViewportSize(PHONE);
  expect(await rightEdge(page.getByTestId("asymmetry-finding").last())).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByTestId("asymmetry").getByRole("columnheader", { name: "z", exact: true })).toBeHidden();
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  await screenshot(page, "analysis-report-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Both files come from the API through the dashboard's proxy, named by its Content-Disposition.
  const json = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download JSON" }).click();
  expect((await json).suggestedFilename()).toMatch(/^gma-report-.+\.json$/);
  const report = JSON.parse(readFileSync(await (await json).path(), "utf8")) as { schemaVersion: string; risk: { level: "low" | "medium" | "high" } };
  expect(report).toHaveProperty("schemaVersion");
  const level = report.risk.level;
  const html = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download HTML" }).click();
  expect((await html).suggestedFilename()).toMatch(/^gma-report-.+\.html$/);
  expect(readFileSync(await (await html).path(), "utf8")).toMatch(/^<!DOCTYPE html>/);

  // Leaving while the replay still plays must navigate (it once starved the router on a slow machine).
  await page.getByRole("link", { name: "Analyses" }).click();
  await expect(page).toHaveURL(/\/analyses(\?.*)?$/);
  const row = page.getByTestId("analysis-row").filter({ hasText: code });
  await expect(row).toHaveCount(1);
  // The finished analysis's risk level is in the list, as the report gives it.
  await expect(row.getByTestId("analysis-risk")).toHaveText(level);
  await screenshot(page, "analyses");

  // The risk filter finds it under its own level (kept in the URL) and not under another.
  await page.getByRole("combobox", { name: "Risk filter" }).selectOption(level);
  await expect(page).toHaveURL(new RegExp(`[?&]risk=${level}(&|$)`));
  await expect(row).toHaveCount(1);
  const other = level === "high" ? "low" : "high";
  await page.getByRole("combobox", { name: "Risk filter" }).selectOption(other);
  await expect(page).toHaveURL(new RegExp(`[?&]risk=${other}(&|$)`));
  await expect(page.getByTestId("empty-state")).toContainText("No analyses match");
  await page.getByRole("combobox", { name: "Risk filter" }).selectOption(level);
  await expect(row).toHaveCount(1);

  // On a phone the filters wrap and nothing is wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("combobox", { name: "Risk filter" })).toBeInViewport();
  // The columns a clinician scans for fit without scrolling the table; the secondary ones give way.
  const risk = await page.getByTestId("analysis-risk").first().boundingBox();
  expect(risk && risk.x + risk.width).toBeLessThanOrEqual(390);
  await expect(page.getByRole("columnheader", { name: "requested by" })).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, "analyses-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole("link", { name: code }).first().click();
  await expect(page.getByTestId("patient-trend")).toBeVisible();
  // The trend's figures come from the same SYNTHETIC model as the report, and say so.
  await expect(page.getByTestId("patient-trend-synthetic")).toContainText("SYNTHETIC model");
  await expect(page.getByTestId("analysis-risk")).toHaveText(level);
  await expect(page.getByTestId("patient-trend")).toContainText("age at recording (weeks)");
  await screenshot(page, "patient-detail");
  // On a phone the patient's analyses show when, status and risk without scrolling, as the list does.
  await page.setViewportSize(PHONE);
  expect(await rightEdge(page.getByTestId("analysis-risk"))).toBeLessThanOrEqual(PHONE.width);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  await screenshot(page, "patient-detail-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // The patient's page leads to the upload form with the patient already picked, shown by code.
  await page.getByRole("link", { name: "Upload a recording" }).click();
  await expect(page.getByRole("heading", { name: "Upload a recording" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Patient", exact: true })).toHaveValue(code);
  await expect(page.getByLabel("Gestational age at birth (weeks)")).toHaveAttribute("placeholder", "39 (patient's)");
  await expect(page.getByRole("button", { name: "Clear patient" })).toBeVisible();
});
