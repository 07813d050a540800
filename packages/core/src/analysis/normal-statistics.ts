import { readFileSync } from "node:fs";
import { z } from "zod";
import { JOINT_COUNT } from "../skeleton";
import { camelizeKeys } from "./camelize-keys";
import { NormalStatisticsInvalidError } from "./errors/normal-statistics-invalid-error";

const perJoint = z.array(z.number()).length(JOINT_COUNT);
const meanStd = z.object({ mean: z.number(), std: z.number().positive() });

/**
 * Schema of movement statistics of normal infants, in camelCase (snake_case files are
 * camelised first): per-joint amplitude and velocity means and standard deviations over
 * 30-frame windows, left/right limb ratios, overall figures.
 */
export const NormalStatisticsSchema = z.object({
  jointAmplitudes: perJoint,
  jointAmplitudesStd: perJoint,
  jointVelocities: perJoint,
  jointVelocitiesStd: perJoint,
  leftRightRatios: z.object({ arm: meanStd, leg: meanStd }),
  overallStatistics: z.object({
    amplitudeMean: z.number(),
    amplitudeStd: z.number(),
    velocityMean: z.number(),
    velocityStd: z.number(),
  }),
  sampleSize: z.number().int().nonnegative().optional(),
  source: z.string().optional(),
});

/** Movement statistics of normal infants that findings and asymmetry are measured against. */
export type NormalStatistics = z.infer<typeof NormalStatisticsSchema>;

/** Validates parsed JSON (snake_case or camelCase keys) as {@link NormalStatistics}. */
export function parseNormalStatistics(json: unknown, origin = "normal statistics"): NormalStatistics {
  const parsed = NormalStatisticsSchema.safeParse(camelizeKeys(json));
  if (!parsed.success) {
    throw new NormalStatisticsInvalidError(`${origin} is malformed: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** Where the bundled MINI-RGBD statistics live (see data/README.md). */
export const BUNDLED_NORMAL_STATISTICS_URL = new URL("../../data/mini-rgbd-normal-statistics.json", import.meta.url);

let bundled: NormalStatistics | undefined;

/**
 * The real normal statistics shipped with the package (737 MINI-RGBD windows), read once.
 * Used when a model card carries no statistics of its own.
 */
export function bundledNormalStatistics(): NormalStatistics {
  bundled ??= loadNormalStatistics(BUNDLED_NORMAL_STATISTICS_URL);
  return bundled;
}

/** Reads and validates a normal-statistics JSON file. */
export function loadNormalStatistics(path: string | URL): NormalStatistics {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new NormalStatisticsInvalidError(`cannot read normal statistics at ${String(path)}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new NormalStatisticsInvalidError(`normal statistics at ${String(path)} are not JSON`, { cause });
  }
  return parseNormalStatistics(json, String(path));
}
