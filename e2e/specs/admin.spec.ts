import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { cardOverflow, firstAdmin, graphqlSession, PHONE, rightEdge, screenshot, sidewaysScroll, signIn, unique } from "./helpers";

test("the admin signs in and creates a clinician account", async ({ page }) => {
  const admin = firstAdmin();
  await signIn(page, admin.email, admin.password);
  await expect(page.getByTestId("viewer-role")).toHaveText("admin");
  await expect(page.getByTestId("tile").first()).toBeVisible();
  await expect(page.getByTestId("chart").first()).toBeVisible();
  // The charts title their axes: the queue chart plots a count over time.
  await expect(page.getByTestId("chart").first()).toContainText("count");
  await expect(page.getByTestId("chart").first()).toContainText("time");
  await screenshot(page, "overview");

  // The Queues table shows every count of every queue (scheduled apart from delayed) within its
  // card at desktop widths: with a column per count it once scrolled sideways in its half-width card.
  const queues = page.getByTestId("queues-table");
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await cardOverflow(queues), `the Queues table scrolls inside its card at ${width} px`).toBeLessThanOrEqual(0);
    await expect(queues.getByRole("rowheader", { name: "scheduled" })).toBeVisible();
  }
  await screenshot(page, "overview-1440");

  // On a phone the navigation sits above the page and nothing is wider than the screen (the
  // sidebar once kept its 220 px and pushed every page off to the right).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  // Every count stays on a phone too, inside the card.
  await expect(queues.getByRole("rowheader", { name: "workers" })).toBeVisible();
  expect(await cardOverflow(queues)).toBeLessThanOrEqual(0);
  expect(await rightEdge(queues.locator("tbody tr").first().locator("td").last())).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, "overview-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // A link to a record that does not exist says so and leads back, without a pointless retry.
  await page.goto("/analyses/no-such-analysis");
  await expect(page.getByTestId("error-state")).toContainText("Not found");
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await page.getByRole("link", { name: "Back to the analyses" }).click();
  await expect(page.getByRole("heading", { name: "Analyses", exact: true, level: 1 })).toBeVisible();

  await page.getByRole("link", { name: "Users" }).click();
  const email = `${unique("clinician")}@e2e.test`;
  await page.getByLabel("Name").fill("Dr E2E");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password (at least 10 characters)").fill("correct horse battery");
  await page.getByLabel("Role").selectOption("CLINICIAN");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("user-created")).toContainText(email);
  await expect(page.getByTestId("users-table")).toContainText(email);
  await screenshot(page, "users");
  // The list finds the account by a part of its email typed in capitals, whatever page it is on.
  await page.getByRole("searchbox", { name: "Search accounts" }).focus();
  await page.keyboard.type(email.split("@")[0]!.slice(-10).toUpperCase());
  await expect(page.getByTestId("users-range")).toHaveText("matching accounts 1–1 of 1");
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toContainText(email);

  // The audit log shows the new account, who created it, and filters to account changes.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await page.getByLabel("Action").selectOption({ label: "Account created" });
  const created = page.getByTestId("audit-row").filter({ hasText: email });
  await expect(created).toHaveCount(1);
  await expect(created.getByTestId("audit-action")).toHaveText("Account created");
  await expect(created).toContainText("role: CLINICIAN");
  await expect(page.getByTestId("audit-action").filter({ hasNotText: "Account created" })).toHaveCount(0);
  // The same filter as a CSV file for an auditor: the header, then the account's row.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^gma-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "").split("\r\n");
  expect(csv[0]).toBe("time,actor_email,actor_name,action,target_type,target_id,details");
  expect(csv.filter((line) => line.includes(email))).toHaveLength(1);
  expect(csv.filter((line) => line !== "" && !line.startsWith("time,")).every((line) => line.includes(",user.create,user,"))).toBe(true);
  // A last day before the first is explained, not sent.
  await page.getByLabel("First day").fill("2026-11-03");
  await page.getByLabel("Last day").fill("2026-11-02");
  await expect(page.locator("main").getByRole("alert")).toContainText("before the first");
  await page.getByLabel("Last day").fill("");
  await page.getByLabel("First day").fill("");
  await expect(created).toHaveCount(1);

  // The Account filter finds any account, however many there are, by a part of its name or
  // email, with the keyboard alone: Tab from Action reaches its box, typing searches, Down moves
  // into the matches (named by aria-activedescendant, focus staying in the box), Enter picks.
  const account = page.getByRole("combobox", { name: "Account" });
  const matches = page.getByRole("listbox", { name: "Account" });
  await page.getByLabel("Action").focus();
  await page.keyboard.press("Tab");
  await expect(account).toBeFocused();
  await page.keyboard.type("no-such-account");
  await expect(page.getByTestId("account-search-note")).toHaveText("No account matches");
  await expect(matches).toBeHidden();
  // The new clinician, by part of the email in capitals: they have created nothing.
  await page.keyboard.press("Control+A");
  await page.keyboard.type(email.split("@")[0]!.slice(-10).toUpperCase());
  const clinicianOption = matches.getByRole("option", { name: email });
  await expect(clinicianOption).toBeVisible();
  await expect(matches.getByRole("option")).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await expect(clinicianOption).toHaveAttribute("aria-selected", "true");
  await expect(account).toHaveAttribute("aria-activedescendant", (await clinicianOption.getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(matches).toBeHidden();
  await expect(account).toHaveValue(`Dr E2E (${email})`);
  await expect(account).toBeFocused();
  await expect(page.getByTestId("empty-state")).toContainText("No events match");
  // Escape closes the list; on the closed list it puts back the picked account.
  await page.keyboard.press("Control+A");
  await page.keyboard.type(admin.email);
  const adminOption = matches.getByRole("option", { name: admin.email });
  await expect(adminOption).toBeVisible();
  await screenshot(page, "audit-account-picker");
  await page.keyboard.press("Escape");
  await expect(matches).toBeHidden();
  await expect(account).toHaveValue(admin.email);
  await page.keyboard.press("Escape");
  await expect(account).toHaveValue(`Dr E2E (${email})`);
  // The admin who created the account, by the whole email: the account's creation again, theirs alone.
  await page.keyboard.press("Control+A");
  await page.keyboard.type(admin.email);
  await expect(adminOption).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  // npm start names the first admin "Administrator".
  const adminLabel = `Administrator (${admin.email})`;
  await expect(account).toHaveValue(adminLabel);
  await expect(created).toHaveCount(1);
  await expect(page.getByTestId("audit-row").filter({ hasNotText: "Administrator" })).toHaveCount(0);
  // A link with the account's id (the export's, which carries the filter) opens on the account by name.
  const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
  const actorId = new URL(href!, page.url()).searchParams.get("actorId");
  expect(actorId).toBeTruthy();
  await page.goto(`/audit?actorId=${encodeURIComponent(actorId!)}`);
  await expect(account).toHaveValue(adminLabel);
  await expect(created).toHaveCount(1);
  // Clear account (Tab from the box, Enter) is anyone again, with focus back in the box.
  await account.focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Clear account" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(account).toHaveValue("");
  await expect(account).toBeFocused();
  await expect(page.getByRole("button", { name: "Clear account" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Download CSV" })).not.toHaveAttribute("href", /actorId=/);
  // On a phone the filters stack and nothing is wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, "audit-log-phone");
  await page.setViewportSize({ width: 1280, height: 720 });
});

test("the admin finds any of more accounts than a page holds by a part of their email, and pages through them with the keyboard", async ({ page, baseURL }) => {
  const admin = firstAdmin();
  // One account more than a page of 25, sharing a part of their email that no other has.
  const marker = unique("pager");
  const session = await graphqlSession(baseURL!, admin.email, admin.password);
  for (let i = 0; i < 26; i++) {
    await session.run(`mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      input: { email: `${marker}-${i}@e2e.test`, password: "correct horse battery", displayName: `Pager ${i}`, role: "ANALYST" },
    });
  }
  await session.context.dispose();

  await signIn(page, admin.email, admin.password);
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByTestId("users-table")).toBeVisible();
  // The whole list says how many accounts there are, and which of them it shows.
  await expect(page.getByTestId("users-range")).toHaveText(/^accounts 1–25 of (\d+)$/);
  const search = page.getByRole("searchbox", { name: "Search accounts" });
  await search.focus();
  await page.keyboard.type(marker);
  await expect(page.getByTestId("users-range")).toHaveText("matching accounts 1–25 of 26");
  await expect(page.locator("main").getByText(`26 accounts match “${marker}”`)).toBeVisible();
  await expect(page.getByTestId("user-row")).toHaveCount(25);
  const previous = page.getByRole("button", { name: "Previous" });
  const next = page.getByRole("button", { name: "Next" });
  await expect(previous).toBeDisabled();
  // Next (Enter on it) shows the 26th, the first created (the list is newest first), and no Next.
  await next.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("users-range")).toHaveText("matching accounts 26–26 of 26");
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toContainText(`${marker}-0@e2e.test`);
  await expect(next).toBeDisabled();
  await previous.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("users-range")).toHaveText("matching accounts 1–25 of 26");
  await expect(page.getByTestId("user-row").first()).toContainText(`${marker}-25@e2e.test`);
  // Another search starts from its own first page: -1, -10 to -19.
  await next.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("users-range")).toHaveText("matching accounts 26–26 of 26");
  await search.focus();
  await page.keyboard.press("End");
  await page.keyboard.type("-1");
  await expect(page.getByTestId("users-range")).toHaveText("matching accounts 1–11 of 11");
  await expect(next).toBeDisabled();
  await expect(previous).toBeDisabled();
  // Nothing matching says so.
  await page.keyboard.type("x");
  await expect(page.getByTestId("empty-state")).toContainText("No account matches");
  await screenshot(page, "users-search");
});

test("the admin runs a session cleanup, changes the schedule and sees the next run time", async ({ page }) => {
  const admin = firstAdmin();
  await signIn(page, admin.email, admin.password);
  await page.getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByTestId("active-sessions")).toHaveText(/^[1-9]\d*$/);
  await page.getByRole("button", { name: "Run cleanup now" }).click();
  await expect(page.getByTestId("cleanup-result")).toContainText(/Purged \d+ expired sessions/);

  const schedule = page.getByTestId("schedule-SESSION_PURGE");
  await expect(schedule).toContainText("next run");
  // The form starts from the schedule in force, so saving it unchanged changes nothing.
  const hoursNow = /every (\d+(?:\.\d+)?) h/.exec((await schedule.textContent()) ?? "")?.[1];
  expect(hoursNow, "the schedule in force is an hourly one").toBeDefined();
  await expect(page.getByLabel("Hours")).toHaveValue(hoursNow!);
  await page.getByLabel("Schedule mode").selectOption("every");
  await page.getByLabel("Hours").fill("6");
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(schedule).toContainText("every 6 h");
  // The next run is about six hours from now.
  const next = await schedule.getByTestId("next-run").textContent();
  const nextMs = Date.parse(next ?? "");
  if (!Number.isNaN(nextMs)) expect(Math.abs(nextMs - (Date.now() + 6 * 3600_000))).toBeLessThan(10 * 60_000);
  await screenshot(page, "sessions");

  // On a phone the sessions table keeps whose session and when it was last seen (and the way to
  // end it) without scrolling; role, dates and address give way.
  await page.setViewportSize(PHONE);
  const firstSession = page.getByTestId("sessions-table").locator("tbody tr").first();
  expect(await rightEdge(firstSession.locator("td").last())).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByRole("columnheader", { name: "address" })).toBeHidden();
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  await screenshot(page, "sessions-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByLabel("Schedule mode").selectOption("cron");
  await page.getByLabel("Cron pattern").fill("30 2 * * *");
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(schedule).toContainText("30 2 * * *");
  await expect(schedule.getByTestId("next-run")).not.toHaveText("—");

  await page.getByRole("link", { name: "Maintenance" }).click();
  await expect(page.getByTestId("maintenance-runs")).toContainText("SESSION_PURGE");
  await screenshot(page, "maintenance");
});

test("the admin sees bull-board, performance and memory pages", async ({ page }) => {
  const admin = firstAdmin();
  await signIn(page, admin.email, admin.password);
  await page.getByRole("link", { name: "Queues" }).click();
  const board = page.frameLocator("iframe[title=bull-board]");
  await expect(board.getByText("GMA Insight queues").first()).toBeVisible({ timeout: 30_000 });
  await screenshot(page, "queues");

  await page.getByRole("link", { name: "Performance" }).click();
  await expect(page.getByRole("heading", { name: "Performance" })).toBeVisible();
  await expect(page.getByText(/Timings of every timed function|No timings yet/).first()).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Reset statistics" }).click();
  await expect(page.getByTestId("reset-result")).toContainText(/Reset reached [1-9]\d* processes/);
  await screenshot(page, "performance");

  await page.getByRole("link", { name: "Models & memory" }).click();
  await expect(page.getByText("API RSS")).toBeVisible();
  await page.getByRole("button", { name: "Optimize memory" }).click();
  await expect(page.getByTestId("optimize-result")).toBeVisible();
  await expect(page.getByTestId("optimize-before-after")).toBeVisible();
  // This platform runs one job at a time, so no worker has model instances: the card says how to turn them on.
  await expect(page.getByText("Model instances", { exact: true })).toBeVisible();
  await expect(page.getByText("No model instances")).toBeVisible();
  await screenshot(page, "models");
});
