import { expect, test } from "@playwright/test";
import { createAccount, firstAdmin, graphqlSession, screenshot, signIn } from "./helpers";

test("a wrong password shows the API's error on the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(firstAdmin().email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const error = page.getByTestId("sign-in-error");
  await expect(error).toBeVisible();
  await expect(error).not.toBeEmpty();
  await expect(page).toHaveURL(/\/sign-in/);
  await screenshot(page, "sign-in-error");
});

test("a session that ends while the page is open sends the user back to sign-in", async ({ page, baseURL }) => {
  const analyst = await createAccount(baseURL!, "ANALYST");
  await signIn(page, analyst.email, analyst.password);
  await page.goto("/performance");
  await expect(page.getByRole("heading", { name: "Performance" })).toBeVisible();

  // The admin revokes every session of the account: to the page, its session has expired.
  const admin = firstAdmin();
  const session = await graphqlSession(baseURL!, admin.email, admin.password);
  const { sessions } = await session.run<{ sessions: { edges: { node: { id: string } }[] } }>(
    `query ($filter: SessionFilter) { sessions(filter: $filter, first: 100) { edges { node { id } } } }`,
    { filter: { userId: analyst.id, active: true } },
  );
  expect(sessions.edges.length).toBeGreaterThan(0);
  for (const { node } of sessions.edges) await session.run(`mutation ($id: ID!) { revokeSession(id: $id) }`, { id: node.id });
  await session.context.dispose();

  // The performance page polls: its next answer is UNAUTHENTICATED.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fperformance/, { timeout: 20_000 });
  await expect(page.getByTestId("session-expired")).toBeVisible();
});
