// Browser tests of the whole platform: `npm start` (API, worker, dashboard; Redis as it finds
// it) on a fresh temporary data directory and database, private ports, Debian's Chromium.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Set once in the runner and inherited by its workers, so that all agree on the directory.
process.env.GMA_E2E_DIR ??= mkdtempSync(path.join(os.tmpdir(), "gma-e2e-"));
const apiPort = Number(process.env.E2E_API_PORT ?? 4873);
const dashboardPort = Number(process.env.E2E_DASHBOARD_PORT ?? 3873);
const baseURL = `http://127.0.0.1:${dashboardPort}`;

export default defineConfig({
  testDir: "./specs",
  // One platform and one database for the run: flows one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // One retry in CI: a flow that fails twice is a failure; one that passes on the retry is
  // reported as flaky in the log (with the page it saw, by failure-context-reporter.ts).
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [["list"], ["./failure-context-reporter.ts"]]
    : [["list"], ["./failure-context-reporter.ts"], ["html", { open: "never" }]],
  use: {
    baseURL,
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "node scripts/start-platform.mjs",
    // Through the dashboard's proxy to the API: 502 until both answer (Apollo then answers a bare
    // GET with 400, which Playwright counts as ready), so neither may still be starting.
    url: `${baseURL}/graphql`,
    // The first start builds the dashboard (next build) before serving it.
    timeout: 300_000,
    // A fresh database every run is the point of the suite: never reuse a running platform.
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      GMA_E2E_DIR: process.env.GMA_E2E_DIR,
      API_PORT: String(apiPort),
      DASHBOARD_PORT: String(dashboardPort),
      API_URL: `http://127.0.0.1:${apiPort}`,
    },
  },
});
