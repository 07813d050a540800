import { expect, test } from "@playwright/test";
import { createAccount, screenshot, signIn } from "./helpers";

test("an analyst sees the performance pages but no patient data and no bull-board", async ({ page, baseURL }) => {
  const analyst = await createAccount(baseURL!, "ANALYST");
  await signIn(page, analyst.email, analyst.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Performance" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Models & memory" })).toBeVisible();
  for (const hidden of ["Patients", "Analyses", "Upload", "Queues", "Users", "Sessions"]) await expect(nav.getByRole("link", { name: hidden })).toHaveCount(0);

  await expect(page.getByTestId("tile").first()).toBeVisible();
  // Analyses per day come from an anonymous aggregate, so analysts see the chart too.
  await expect(page.getByTestId("analyses-per-day")).toBeVisible();
  await page.getByRole("link", { name: "Performance" }).click();
  await expect(page.getByRole("heading", { name: "Performance" })).toBeVisible();

  // The served model's evaluation is open to every role, and its figures are labelled synthetic.
  await nav.getByRole("link", { name: "Model evaluation" }).click();
  await expect(page.getByRole("heading", { name: "Model evaluation" })).toBeVisible();
  await expect(page.getByTestId("synthetic-notice")).toContainText("SYNTHETIC data");
  await expect(page.getByTestId("weights-variants")).toContainText("autoencoder.fp16.onnx");
  await expect(page.getByTestId("risk-level-chart").locator("svg").first()).toBeVisible();
  await screenshot(page, "analyst-model-evaluation");

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
