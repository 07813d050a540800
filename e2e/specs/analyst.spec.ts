import { expect, test } from "@playwright/test";
import { brokenIdentifierParts, cardOverflow, createAccount, PHONE, rightEdge, screenshot, sidewaysScroll, signIn } from "./helpers";

test("an analyst sees the performance pages but no patient data and no bull-board", async ({ page, baseURL }) => {
  const analyst = await createAccount(baseURL!, "ANALYST");
  await signIn(page, analyst.email, analyst.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Performance" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Models & memory" })).toBeVisible();
  for (const hidden of ["Patients", "Analyses", "Upload", "Queues", "Users", "Sessions"]) await expect(nav.getByRole("link", { name: hidden })).toHaveCount(0);

  await expect(page.getByTestId("tile").first()).toBeVisible();
  // Analyses per day come from an anonymous aggregate, so analysts see the chart too, its axes titled.
  await expect(page.getByTestId("analyses-per-day")).toBeVisible();
  await expect(page.getByTestId("analyses-per-day")).toContainText("analyses (count)");
  await page.getByRole("link", { name: "Performance" }).click();
  await expect(page.getByRole("heading", { name: "Performance" })).toBeVisible();

  // The served model's evaluation is open to every role, and its figures are labelled synthetic.
  await nav.getByRole("link", { name: "Model evaluation" }).click();
  await expect(page.getByRole("heading", { name: "Model evaluation" })).toBeVisible();
  await expect(page.getByTestId("synthetic-notice")).toContainText("SYNTHETIC data");
  await expect(page.getByTestId("weights-variants")).toContainText("autoencoder.fp16.onnx");
  await expect(page.getByTestId("risk-level-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("risk-level-chart")).toContainText("recordings (count)");
  // A misrated recording's signs read as the report's do: the strongest per measure, in words, not rule ids.
  const signs = page.getByTestId("misrated-signs").first();
  await expect(signs).toHaveAttribute("title", /^rules fired: /);
  await expect(signs).not.toContainText(/\b(anomaly-rate|mean-error|max-error|movement)-/);
  // The served file's name wraps at its dots inside its tile, never mid-word ("autoencoder.fp16.o" / "nnx").
  await expect(page.getByTestId("served-file")).toHaveText(/\.onnx$/);
  expect(await brokenIdentifierParts(page.getByTestId("served-file"))).toEqual([]);
  // Beside the synthetic figures, how the model agrees with clinicians' reviews of real recordings:
  // the installation's own counts, for the served model version or for all of them.
  const agreement = page.getByTestId("review-agreement-provenance");
  await expect(agreement).toContainText("real recordings analysed on this installation");
  await expect(agreement).toContainText("served model version");
  await page.getByRole("combobox", { name: "Reviews of analyses by" }).selectOption("all");
  await expect(agreement).toContainText("every model version");
  // No review yet (this spec alone) or the counts (after the review flows): either way the API answers an analyst.
  await expect(page.getByTestId("empty-state").filter({ hasText: "No clinicians' reviews yet" }).or(page.getByTestId("review-agreement"))).toBeVisible();
  await expect(page.getByTestId("error-state")).toHaveCount(0);
  await screenshot(page, "analyst-model-evaluation");

  // On a phone the tables keep what tells the classes apart without scrolling; the rest gives way.
  await page.setViewportSize(PHONE);
  expect(await brokenIdentifierParts(page.getByTestId("served-file"))).toEqual([]);
  expect(await rightEdge(page.getByTestId("class-rated").first())).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByRole("columnheader", { name: "recording AUROC" })).toBeHidden();
  expect(await rightEdge(signs)).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByRole("columnheader", { name: "simulator seed" })).toBeHidden();
  expect(await rightEdge(page.getByTestId("weights-variants").getByText("served", { exact: true }))).toBeLessThanOrEqual(PHONE.width);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  expect(await cardOverflow(agreement)).toBeLessThanOrEqual(0);
  // The risk-level chart keeps each class's two-line label whole and scrolls sideways inside its
  // card instead; what its x axis measures, and its legend, are in view without scrolling it.
  const riskChart = page.getByTestId("risk-level-chart");
  await riskChart.evaluate((chart) => window.scrollBy(0, chart.getBoundingClientRect().top - 80));
  await expect(riskChart.getByText("simulator class", { exact: true })).toBeInViewport({ ratio: 1 });
  const legend = riskChart.locator(".recharts-default-legend");
  await expect(legend).toHaveText(/rated low.*rated medium.*rated high/);
  await expect(legend).toBeInViewport({ ratio: 1 });
  await screenshot(page, "analyst-model-evaluation-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.goto("/patients");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByTestId("patients-table")).toHaveCount(0);

  // The API itself refuses: the patients query and the board answer FORBIDDEN / 403.
  const patients = await page.request.post("/graphql", { data: { query: "{ patients(first: 1) { totalCount } }" } });
  expect(((await patients.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe("FORBIDDEN");
  const board = await page.request.get("/admin/queues");
  expect(board.status()).toBe(403);
  await screenshot(page, "analyst-forbidden-patients");
});
