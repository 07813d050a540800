import { DEFAULT_QUALITY_GATE } from "../analysis/quality-gate";
import { isGmaError } from "../errors";

/** Exit codes of the `gma` CLI; stable, for scripts that call it. */
export const EXIT_CODES = {
  /** Done. */
  ok: 0,
  /** Internal failure: a bug or a broken environment; the message says what broke. */
  internal: 1,
  /** Bad input: wrong arguments, not a video, a corrupt or too long file, invalid keypoints or age, an --out that cannot be written. */
  badInput: 2,
  /** The recording is valid but unusable: no person found, too few frames with a pose, quality below the minimum (coverage, length, frame rate). */
  unusableRecording: 3,
  /** Set-up is incomplete: pose models, the anomaly model or ffmpeg missing or damaged. */
  setup: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

/** The exit codes as `gma --help` and each command's `--help` list them, with the quality gate's own minimums. */
export const EXIT_CODES_HELP = `Exit codes: 0 done, 1 internal failure, 2 bad input, 3 unusable recording (no person found,
too few frames with a pose, quality too low, shorter than ${DEFAULT_QUALITY_GATE.minDurationS} s, a frame rate under ${DEFAULT_QUALITY_GATE.minFps} fps),
4 set-up incomplete (run \`npm run setup\`), 130 interrupted.`;

const UNUSABLE = new Set(["NO_PERSON_FOUND", "TOO_FEW_POSE_FRAMES", "QUALITY_TOO_LOW"]);
const SETUP = new Set(["MODELS_MISSING", "MODELS_CORRUPT", "MODEL_CARD_INVALID", "FFMPEG_UNAVAILABLE"]);

/** The exit code an error ends the CLI with. */
export function exitCodeFor(error: unknown): number {
  if (isGmaError(error)) {
    if (UNUSABLE.has(error.code)) return EXIT_CODES.unusableRecording;
    if (SETUP.has(error.code)) return EXIT_CODES.setup;
    return error.isUserError ? EXIT_CODES.badInput : EXIT_CODES.internal;
  }
  if (error instanceof Error && error.name === "AbortError") return EXIT_CODES.interrupted;
  return EXIT_CODES.internal;
}
