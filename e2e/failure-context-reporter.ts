import { readFileSync } from "node:fs";
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/**
 * Prints what the page showed when a test failed (Playwright's error context: the URL and the
 * page's accessibility snapshot) into the log. CI keeps only the log, not test-results/, so
 * without this a failure there says what was missing but not what was on screen instead.
 */
export default class FailureContextReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === test.expectedStatus) return;
    for (const attachment of result.attachments) {
      if (attachment.name !== "error-context" || !attachment.path) continue;
      let text: string;
      try {
        text = readFileSync(attachment.path, "utf8");
      } catch {
        continue;
      }
      // The snapshot of a whole dashboard page is a few kilobytes; cap it so a runaway page cannot flood the log.
      const shown = text.length > 12_000 ? `${text.slice(0, 12_000)}\n[... ${text.length - 12_000} more characters]` : text;
      process.stdout.write(`\n[e2e] page when "${test.title}" failed:\n${shown}\n`);
    }
  }

  // The list reporter stays the one that prints progress.
  printsToStdio(): boolean {
    return false;
  }
}
