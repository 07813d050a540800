import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";

/** The first admin `npm start` created and printed once (read back from the platform's log). */
export function firstAdmin(): { email: string; password: string } {
  const dir = process.env.GMA_E2E_DIR;
  if (!dir) throw new Error("GMA_E2E_DIR is not set (playwright.config.ts sets it)");
  const log = readFileSync(path.join(dir, "start.log"), "utf8");
  const email = /email:\s+(\S+)/.exec(log)?.[1];
  const password = /password:\s+(\S+)/.exec(log)?.[1];
  if (!email || !password) throw new Error("npm start printed no first-admin credentials (was the database fresh?)");
  return { email, password };
}

/** A short random suffix so that every test makes its own accounts and patients. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Signs in through the sign-in page and waits for the shell. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("viewer-name")).toBeVisible();
}

/** Saves a full-page screenshot under e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(import.meta.dirname, "..", "screenshots", `${name}.png`), fullPage: true });
}

/** A GraphQL client over the dashboard's proxy with its own cookie jar. */
export interface GraphQLSession {
  context: APIRequestContext;
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** Signs in over GraphQL (for set-up that is not what a test is about). */
export async function graphqlSession(baseURL: string, email: string, password: string): Promise<GraphQLSession> {
  const context = await request.newContext({ baseURL });
  const run = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await context.post("/graphql", { data: { query, variables }, headers: { "content-type": "application/json" } });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data as T;
  };
  await run(`mutation ($input: LoginInput!) { login(input: $input) { user { id } } }`, { input: { email, password } });
  return { context, run };
}

/** Creates an account as the first admin; returns its credentials. */
export async function createAccount(baseURL: string, role: "CLINICIAN" | "ANALYST" | "ADMIN"): Promise<{ id: string; email: string; password: string }> {
  const admin = firstAdmin();
  const session = await graphqlSession(baseURL, admin.email, admin.password);
  const email = `${unique(role.toLowerCase())}@e2e.test`;
  const password = "correct horse battery";
  const { createUser } = await session.run<{ createUser: { id: string } }>(
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    { input: { email, password, displayName: `E2E ${role.toLowerCase()}`, role } },
  );
  await session.context.dispose();
  return { id: createUser.id, email, password };
}
