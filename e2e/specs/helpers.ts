import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request, type APIRequestContext, type Locator, type Page } from "@playwright/test";

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

/** The phone size the layout checks use (an iPhone 12-15's viewport). */
export const PHONE = { width: 390, height: 844 };

/** How far the page scrolls sideways: 0 when nothing is wider than the screen. */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * How far the card holding `locator` (a .card, which scrolls sideways when its content is too
 * wide) scrolls: 0 when its content fits, whatever the page does.
 */
export async function cardOverflow(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const card = element.closest(".card");
    if (!card) throw new Error("the element is not inside a card");
    return card.scrollWidth - card.clientWidth;
  });
}

/**
 * The cards in the page's main content that scroll sideways (their content wider than they are),
 * each as its title and by how many pixels: none when everything fits its card.
 */
export async function cardsScrollingSideways(page: Page): Promise<string[]> {
  return page.locator("main .card").evaluateAll((cards) =>
    cards.filter((card) => card.scrollWidth > card.clientWidth).map((card) => `${card.querySelector("h2")?.textContent ?? "(untitled card)"}: ${card.scrollWidth - card.clientWidth} px`),
  );
}

/** Where an element ends on the right, in CSS pixels from the viewport's left edge. */
export async function rightEdge(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("the element is not displayed");
  return box.x + box.width;
}

/**
 * The parts of the identifiers (the dashboard's <Identifier>: file names, model versions) inside
 * `locator` that a line break cut in two or that stick out of their card: none when each wraps
 * only between its parts (at its dots and hyphens) and stays in its box.
 */
export async function brokenIdentifierParts(locator: Locator): Promise<string[]> {
  return locator.evaluate((root) => {
    const ids = root.matches(".identifier") ? [root] : Array.from(root.querySelectorAll(".identifier"));
    const broken: string[] = [];
    for (const id of ids) {
      const box = (id.closest(".card") ?? id.parentElement)!.getBoundingClientRect();
      for (const node of Array.from(id.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = Array.from(range.getClientRects());
        if (lines.length > 1 || lines.some((r) => r.right > box.right + 0.5)) broken.push(node.textContent ?? "");
      }
    }
    return broken;
  });
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

/** A finished analysis of a SYNTHETIC recording, with the clinician who requested it. */
export interface FinishedAnalysis {
  id: string;
  patientId: string;
  /** The analysed recording's fingerprint, as its report names it. */
  fingerprint: string;
  clinician: { email: string; password: string };
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");
let finished: Promise<FinishedAnalysis> | undefined;

/**
 * Uploads a keypoint file (JSON or CSV, as the Upload page takes it) as `session`'s clinician for
 * a new patient, starts its analysis (at 12 weeks) and waits until the platform's worker has
 * finished it; fails the test unless it succeeded.
 */
export async function analyseKeypoints(session: GraphQLSession, keypoints: Buffer | string): Promise<Omit<FinishedAnalysis, "clinician">> {
  const { createPatient } = await session.run<{ createPatient: { id: string } }>(`mutation ($input: CreatePatientInput!) { createPatient(input: $input) { id } }`, {
    input: { code: unique("SYN"), birthDate: "2026-08-01T00:00:00.000Z", gestationalAgeWeeks: 39 },
  });
  const upload = await session.context.post("/uploads?kind=keypoints", { data: keypoints, headers: { "content-type": "application/json" } });
  expect(upload.ok(), await upload.text()).toBe(true);
  const { uploadId } = (await upload.json()) as { uploadId: string };
  const { analyzeKeypoints } = await session.run<{ analyzeKeypoints: { id: string } }>(
    `mutation ($input: AnalyzeKeypointsInput!) { analyzeKeypoints(input: $input) { id } }`,
    { input: { uploadId, patientId: createPatient.id, ageWeeks: 12 } },
  );
  const id = analyzeKeypoints.id;
  let analysis: { status: string; errorCode: string | null; errorMessage: string | null; report: { input: { fingerprint: string } } | null } | undefined;
  await expect
    .poll(
      async () => {
        ({ analysis } = await session.run<{ analysis: NonNullable<typeof analysis> }>(`query ($id: ID!) { analysis(id: $id) { status errorCode errorMessage report } }`, { id }));
        return analysis!.status;
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toMatch(/SUCCEEDED|FAILED|CANCELLED/);
  expect(analysis!.errorCode, analysis!.errorMessage ?? undefined).toBeNull();
  expect(analysis!.status).toBe("SUCCEEDED");
  return { id, patientId: createPatient.id, fingerprint: analysis!.report!.input.fingerprint };
}

/**
 * One finished analysis of synthetic keypoints (an infant simulated with one-sided reduced
 * movement, so that signs and asymmetry fill the report), run by the platform's worker for a new
 * clinician and patient, made over HTTP on first use and shared by the specs of the run.
 */
export function finishedSyntheticAnalysis(baseURL: string): Promise<FinishedAnalysis> {
  finished ??= (async () => {
    const clinician = await createAccount(baseURL, "CLINICIAN");
    const session = await graphqlSession(baseURL, clinician.email, clinician.password);
    const dir = mkdtempSync(path.join(os.tmpdir(), "gma-e2e-synthetic-"));
    try {
      const file = path.join(dir, "hemi.json");
      execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "packages/core/src/synthetic/make-keypoints.ts"), "--class", "hemi-asymmetry", "--seed", "3", "--out", file], { cwd: ROOT });
      return { ...(await analyseKeypoints(session, readFileSync(file))), clinician };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await session.context.dispose();
    }
  })();
  return finished;
}
