import type { NormalStatistics } from "../analysis";
import { AutoencoderScorer, type AutoencoderOptions, type ScoreContext, type ScoreProgress, type WindowScorer, type WindowScores } from "./autoencoder";
import { hybridScores, type HybridScoring, type ScoreKind } from "./hybrid-scoring";
import { loadModelCard, type ModelCard, type ModelTrainingData, type ModelVariant } from "./model-card";

const RECONSTRUCTION_ONLY = ["reconstruction"] as const;

/**
 * The product's window scorer: the autoencoder's reconstruction error combined with the window
 * movement features into the model card's hybrid score (`hybridScores`), compared with the card's
 * threshold. A schema-1 card (no scoring constants) is served as before, the score being the
 * reconstruction error itself (`scoreKind` says which).
 *
 * `release()` frees the autoencoder's session, so a ModelCache can hold scorers and evict them.
 */
export class WindowAnomalyScorer implements WindowScorer {
  readonly modelVersion: string;
  readonly threshold: number;
  readonly windowSize: number;
  readonly normalStatistics: NormalStatistics | undefined;
  readonly scoreKind: ScoreKind;
  readonly trainingData: ModelTrainingData | undefined;
  readonly weightsFile: string | undefined;

  /**
   * @param autoencoder - the reconstruction part (its own threshold is not used here)
   * @param scoring - the card's hybrid scoring constants; without them the score is the error
   * @param meta - version and threshold of the whole; the threshold defaults to the scoring's, else the autoencoder's
   */
  constructor(
    readonly autoencoder: AutoencoderScorer,
    readonly scoring: HybridScoring | undefined,
    meta: { modelVersion?: string; threshold?: number } = {},
  ) {
    this.modelVersion = meta.modelVersion ?? autoencoder.modelVersion;
    this.threshold = meta.threshold ?? scoring?.threshold ?? autoencoder.threshold;
    if (!(this.threshold > 0)) throw new RangeError(`threshold must be positive, got ${this.threshold}`);
    this.windowSize = autoencoder.windowSize;
    this.normalStatistics = autoencoder.normalStatistics;
    this.scoreKind = scoring ? "hybrid-max-z" : "reconstruction-error";
    this.trainingData = autoencoder.trainingData;
    this.weightsFile = autoencoder.weightsFile;
  }

  /** Loads the card's weights (the served variant unless told otherwise) and scoring constants. */
  static async fromModelCard(card: ModelCard | string, options: AutoencoderOptions & { variant?: ModelVariant } = {}): Promise<WindowAnomalyScorer> {
    const c = typeof card === "string" ? loadModelCard(card) : card;
    const autoencoder = await AutoencoderScorer.fromModelCard(c, options);
    const scoring = typeof c.scoring === "object" ? c.scoring : undefined;
    return new WindowAnomalyScorer(autoencoder, scoring, { modelVersion: c.modelVersion, threshold: c.threshold });
  }

  async scoreWindows(windows: Float32Array, count: number, onProgress?: ScoreProgress, context?: ScoreContext): Promise<Float32Array> {
    return (await this.scoreWindowsDetailed(windows, count, onProgress, context)).scores;
  }

  /**
   * Scores with their parts.
   *
   * @throws RangeError when the score is hybrid and `context.correctedAgeWeeks` is missing (it picks the period's reference).
   */
  async scoreWindowsDetailed(windows: Float32Array, count: number, onProgress?: ScoreProgress, context: ScoreContext = {}): Promise<WindowScores> {
    const scoring = this.scoring;
    // Fail before the expensive part when the age is missing.
    if (scoring && !Number.isFinite(context.correctedAgeWeeks)) throw new RangeError(`the hybrid score needs the infant's corrected age in weeks, got ${context.correctedAgeWeeks}`);
    const errors = await this.autoencoder.scoreWindows(windows, count, onProgress);
    if (!scoring) return { scores: errors, reconstructionErrors: errors, components: RECONSTRUCTION_ONLY, drivers: new Uint8Array(count) };
    const h = hybridScores(scoring, windows, errors, count, context.correctedAgeWeeks!, this.windowSize);
    return { scores: Float32Array.from(h.scores), reconstructionErrors: errors, components: h.components, drivers: h.drivers };
  }

  /** Frees the autoencoder's session; idempotent. */
  async release(): Promise<void> {
    await this.autoencoder.release();
  }
}
