import { DEFAULT_ANOMALY_MODEL_DIR, loadModelCardCached, modelEvaluation, type Interval95, type ModelEvaluation } from "@gma/core";
import { MovementLabel, RiskLevel, type AnomalyModelInfo, type RateInterval } from "./anomaly-model.type";

const interval = ([low, high]: Interval95): RateInterval => ({ low, high });
const RISK_LEVELS: Record<string, RiskLevel> = { low: RiskLevel.LOW, medium: RiskLevel.MEDIUM, high: RiskLevel.HIGH };

/** The GraphQL shape of a {@link ModelEvaluation}: intervals as `{ low, high }`, levels and labels as enums. */
export function toAnomalyModelInfo(evaluation: ModelEvaluation): AnomalyModelInfo {
  const { windowLevel: window, recordingLevel: recording } = evaluation;
  return {
    ...evaluation,
    windowLevel: window && { ...window, specificityInterval95: window.specificityInterval95 && interval(window.specificityInterval95) },
    recordingLevel: recording && {
      ...recording,
      specificity: { ...recording.specificity, interval95: interval(recording.specificity.interval95) },
      sensitivity: { ...recording.sensitivity, interval95: interval(recording.sensitivity.interval95) },
      classes: recording.classes.map((c) => ({ ...c, label: c.label === "normal" ? MovementLabel.NORMAL : MovementLabel.ANOMALY, correctInterval95: interval(c.correctInterval95) })),
      misrated: recording.misrated.map((r) => ({ ...r, level: RISK_LEVELS[r.level]! })),
      windowSpecificity: recording.windowSpecificity && { ...recording.windowSpecificity, interval95: interval(recording.windowSpecificity.interval95) },
    },
  };
}

/** The anomaly model the API serves (GMA_ANOMALY_MODEL_DIR) and how it was evaluated. */
export class AnomalyModelService {
  private readonly dir: string;

  /** @param anomalyModelDir - the card's folder; undefined: the model shipped with @gma/core */
  constructor(anomalyModelDir: string | undefined) {
    this.dir = anomalyModelDir ?? DEFAULT_ANOMALY_MODEL_DIR;
  }

  /**
   * The card's evaluation, read on each call (cached while the file is unchanged), so that a
   * retrained card replaced in place shows at once.
   *
   * @throws ModelCardInvalidError (MODEL_CARD_INVALID) when the card is missing or malformed.
   */
  info(): AnomalyModelInfo {
    return toAnomalyModelInfo(modelEvaluation(loadModelCardCached(this.dir)));
  }
}
