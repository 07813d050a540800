import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll } from "vitest";
import { silentLogger } from "../../src/logger";
import type { AnalysisRunner } from "../../src/queue/analysis-runner";
import { startWorker, type RunningWorker } from "../../src/worker";
import { ensurePoseModels, syntheticKeypoints } from "./fixtures";
import { useTestApis, type TestApi } from "./test-api";

/**
 * What tests of analyses over HTTP share: a fresh API (and workers) per test, all closed after
 * it, a patient of the test clinician, and queued keypoint analyses. Call once at module level:
 * it registers the suite's beforeAll/afterEach.
 */
export function useAnalysisHarness() {
  let modelsDir = "";
  const testApis = useTestApis();
  const { onCleanup } = testApis;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
  }, 300_000);

  /** A test API with the pose models of set-up (and `env`), closed after the test. */
  function api(env: Record<string, string> = {}): Promise<TestApi> {
    return testApis.api({ GMA_MODELS_DIR: modelsDir, ...env });
  }

  async function worker(t: TestApi, runner?: AnalysisRunner): Promise<RunningWorker> {
    const w = await startWorker(t.api.services.config, { prisma: t.prisma, logger: silentLogger, ...(runner ? { runner } : {}) });
    onCleanup(() => w.close());
    return w;
  }

  function patient(t: TestApi, code: string) {
    return t.prisma.patient.create({ data: { code, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
  }

  /** Uploads synthetic keypoints (a simulated infant, written as `<name>.json`) and returns the uploadId. */
  async function uploadKeypoints(t: TestApi, token: string, name: string): Promise<string> {
    const file = syntheticKeypoints(path.join(t.api.services.config.dataDir, `${name}.json`), 12);
    const res = await fetch(`${t.api.url}/uploads?kind=keypoints`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: readFileSync(file) });
    return ((await res.json()) as { uploadId: string }).uploadId;
  }

  /** Uploads synthetic keypoints (a simulated infant) for a new patient and queues their analysis. */
  async function queueKeypoints(t: TestApi, token: string, code: string): Promise<{ id: string; patientId: string }> {
    const p = await patient(t, code);
    const uploadId = await uploadKeypoints(t, token, code);
    const r = await t.gql(`mutation($u: String!, $p: ID!) { analyzeKeypoints(input: { uploadId: $u, patientId: $p, ageWeeks: 12 }) { id } }`, { u: uploadId, p: p.id }, { token });
    return { id: (r.data!.analyzeKeypoints as { id: string }).id, patientId: p.id };
  }

  return { api, worker, patient, uploadKeypoints, queueKeypoints, onCleanup };
}
