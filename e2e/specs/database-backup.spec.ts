import { existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { firstAdmin, graphqlSession, signIn } from "./helpers";

// A hospital's operator backs the database up from the maintenance page and must be able to
// trust what it says: the run appears with its size, the file is in the platform's backup
// folder and opens as a sound SQLite database holding the accounts, and the card warns, in
// words, when there is no backup or the newest run failed. The card's states meet WCAG 2.1 AA.

/** The platform's backup folder: DATABASE_BACKUP_DIR's default under the e2e data directory (scripts/start-platform.mjs). */
function backupDir(): string {
  const dir = process.env.GMA_E2E_DIR;
  if (!dir) throw new Error("GMA_E2E_DIR is not set (playwright.config.ts sets it)");
  return path.join(dir, "data", "backups");
}

/**
 * The WCAG 2.1 A/AA violations axe finds on the page (rule, impact and elements each), as
 * accessibility.spec.ts checks every page, here with the backup card in each of its states.
 */
async function violations(page: Page): Promise<string[]> {
  await expect(page.locator(".skeleton")).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? "unknown impact"}): ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("an admin backs the database up from the maintenance page: the run shows its size, the file is in the backup folder and passes integrity_check, and a failed run is a warning in words", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const admin = firstAdmin();
  const api = await graphqlSession(baseURL!, admin.email, admin.password);
  const before = await api.run<{ databaseBackupStatus: { lastSuccess: { file: string } | null } }>(`{ databaseBackupStatus { lastSuccess { file } } }`);
  await api.context.dispose();

  await signIn(page, admin.email, admin.password);
  await page.getByRole("link", { name: "Maintenance" }).click();
  const card = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Database backup" }) });
  const status = page.getByTestId("backup-status");
  await expect(status).toBeVisible();
  // The worker npm start runs registered the nightly schedule.
  await expect(page.getByTestId("backup-retention")).toContainText("Due every 1 day");

  if (before.databaseBackupStatus.lastSuccess === null) {
    // A fresh platform: no backup yet is a warning in words, with what to do.
    await expect(status).toHaveAttribute("data-state", "never");
    await expect(page.getByTestId("backup-warning")).toContainText("Warning: No backup of the database has been made yet.");
    await expect(page.getByTestId("backup-warning")).toHaveAttribute("role", "status");
    await expect(page.getByTestId("backup-last")).toHaveText("Last successful backup: none");
    expect(await violations(page)).toEqual([]);
  }

  await card.getByRole("button", { name: "Back up now" }).click();
  const result = page.getByTestId("backup-result");
  await expect(result).toContainText("Backed up to", { timeout: 60_000 });
  const file = (await result.locator("code").textContent())!.trim();
  expect(file).toMatch(/^gma-\d{8}T\d{6}\.\d{3}Z\.sqlite$/);

  // The run appears in the history with its size and file.
  const row = page.getByTestId("maintenance-runs").getByRole("row").filter({ hasText: file });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("DATABASE_BACKUP");
  await expect(row).toContainText(/\d+(\.\d)? (KiB|MiB)/);
  await expect(row).toContainText("done");
  // The card says when, how big and which file.
  await expect(status).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("backup-health")).toHaveText("Up to date Backed up on schedule.");
  await expect(page.getByTestId("backup-last")).toContainText(/Last successful backup: just now \(.+\), \d+(\.\d)? (KiB|MiB), /);
  await expect(page.getByTestId("backup-last")).toContainText(file);
  expect(await violations(page)).toEqual([]);

  // The file is in the platform's backup folder, as large as the run says, and sound.
  const backup = path.join(backupDir(), file);
  expect(existsSync(backup)).toBe(true);
  const size = (await row.locator("td").nth(6).textContent())!.trim();
  const bytes = statSync(backup).size;
  expect(size).toBe(bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`);
  const db = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("SELECT email FROM users WHERE email = ?").pluck().get(admin.email)).toBe(admin.email);
  } finally {
    db.close();
  }

  // A backup folder that cannot be made (a file in its place, which stops root too): the run
  // fails, the card warns with the error and what to do, and the backup made above is kept.
  const aside = `${backupDir()}.e2e-aside`;
  renameSync(backupDir(), aside);
  writeFileSync(backupDir(), "not a folder");
  try {
    await card.getByRole("button", { name: "Back up now" }).click();
    await expect(card.getByTestId("error-state")).toContainText("DIR_UNWRITABLE", { timeout: 60_000 });
    await expect(status).toHaveAttribute("data-state", "failed");
    await expect(page.getByTestId("backup-warning")).toContainText("Warning: The newest backup run failed");
    await expect(page.getByTestId("backup-warning")).toContainText("Back up now");
    await expect(page.getByTestId("backup-last")).toContainText(file);
    expect(await violations(page)).toEqual([]);
  } finally {
    rmSync(backupDir(), { force: true });
    renameSync(aside, backupDir());
  }
  expect(existsSync(backup)).toBe(true);
});
