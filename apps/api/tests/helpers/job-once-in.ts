import type { Job } from "bullmq";
import type { AnalysisJobData } from "../../src/queue/queues";
import type { TestApi } from "./test-api";

/**
 * The analysis job once BullMQ has moved it to `state`. The row says SUCCEEDED or FAILED a
 * moment before (the processor writes the row, then returns or throws), so a job read as soon as
 * the row changes may not carry its return value or attempt count yet.
 */
export async function jobOnceIn(t: TestApi, id: string, state: "completed" | "failed", timeoutMs = 15_000): Promise<Job<AnalysisJobData>> {
  const queue = t.api.services.queues.analysis;
  const deadline = Date.now() + timeoutMs;
  while ((await queue.getJobState(id)) !== state) {
    if (Date.now() > deadline) throw new Error(`job ${id} is ${await queue.getJobState(id)}, not ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const job = await queue.getJob(id);
  if (!job) throw new Error(`job ${id} was removed once ${state}`);
  return job;
}
