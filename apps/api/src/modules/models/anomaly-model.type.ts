import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { RiskLevel } from "../analyses/risk-level.type";

// One enum for the model's evaluation and the analyses' own risk level.
export { RiskLevel };

/** Whether a simulator class is normal movement or a warning sign. */
export enum MovementLabel {
  NORMAL = "normal",
  ANOMALY = "anomaly",
}
registerEnumType(MovementLabel, { name: "MovementLabel", description: "normal recordings should rate low, anomalous ones medium or high." });

/** A 95 % interval of a rate (both ends 0-1). */
@ObjectType()
export class RateInterval {
  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;
}

/** Window-level figures of one anomaly class (SYNTHETIC data). */
@ObjectType()
export class AnomalyWindowClassEvaluation {
  @Field(() => String, { description: "Simulator class, e.g. cramped-synchronised." })
  name!: string;

  @Field(() => Float, { nullable: true, description: "AUROC of the window score, this class against the normal test windows." })
  auroc!: number | null;

  @Field(() => Float, { nullable: true, description: "Share of this class's windows above the threshold." })
  sensitivity!: number | null;

  @Field(() => Float, { nullable: true, description: "AUROC of the mean score per infant (one value per recording)." })
  recordingAuroc!: number | null;
}

/** How the served score separates single windows (SYNTHETIC data). */
@ObjectType()
export class AnomalyWindowEvaluation {
  @Field(() => Float, { nullable: true, description: "Share of normal test windows at or below the threshold." })
  specificity!: number | null;

  @Field(() => RateInterval, { nullable: true })
  specificityInterval95!: RateInterval | null;

  @Field(() => String, { nullable: true, description: "How the interval was computed." })
  specificityIntervalRule!: string | null;

  @Field(() => Int, { nullable: true })
  normalTestWindows!: number | null;

  @Field(() => Int, { nullable: true })
  normalTestInfants!: number | null;

  @Field(() => Float, { nullable: true })
  minAuroc!: number | null;

  @Field(() => Float, { nullable: true })
  meanAuroc!: number | null;

  @Field(() => String, { nullable: true, description: "The training goal in words." })
  goal!: string | null;

  @Field(() => Boolean, { nullable: true })
  goalMet!: boolean | null;

  @Field(() => [AnomalyWindowClassEvaluation], { description: "Anomaly classes, in the card's order." })
  classes!: AnomalyWindowClassEvaluation[];
}

/** A rate over whole recordings (SYNTHETIC data). */
@ObjectType()
export class AnomalyRecordingRate {
  @Field(() => Int)
  recordings!: number;

  @Field(() => Int, { description: "Recordings rated as expected (low for specificity; medium or high for sensitivity)." })
  rated!: number;

  @Field(() => Float)
  rate!: number;

  @Field(() => RateInterval)
  interval95!: RateInterval;
}

/** Window-level specificity over the normal evaluation recordings, every window (SYNTHETIC data). */
@ObjectType()
export class AnomalyWindowSpecificity {
  @Field(() => Int)
  windows!: number;

  @Field(() => Int, { description: "Windows above the threshold." })
  anomalous!: number;

  @Field(() => Float)
  rate!: number;

  @Field(() => RateInterval, { description: "95 % interval from resampling the recordings." })
  interval95!: RateInterval;
}

/** Risk levels of one simulator class's recordings (SYNTHETIC data). */
@ObjectType()
export class AnomalyRecordingClassEvaluation {
  @Field(() => String)
  name!: string;

  @Field(() => MovementLabel)
  label!: MovementLabel;

  @Field(() => Int)
  recordings!: number;

  @Field(() => Int)
  low!: number;

  @Field(() => Int)
  medium!: number;

  @Field(() => Int)
  high!: number;

  @Field(() => Float, { description: "Share rated as expected." })
  correctRate!: number;

  @Field(() => RateInterval)
  correctInterval95!: RateInterval;
}

/** A SYNTHETIC recording rated against its class (a normal one not low, an anomalous one low). */
@ObjectType()
export class MisratedRecording {
  @Field(() => String)
  className!: string;

  @Field(() => Int, { description: "Simulator seed: reproduces the recording." })
  seed!: number;

  @Field(() => RiskLevel)
  level!: RiskLevel;

  @Field(() => Float, { nullable: true })
  anomalyRatePercent!: number | null;

  @Field(() => [String], { description: "Ids of the risk signs the report raised." })
  signs!: string[];
}

/** The risk level whole SYNTHETIC recordings get under the default risk policy. */
@ObjectType()
export class AnomalyRecordingEvaluation {
  @Field(() => Int)
  recordingsPerClass!: number;

  @Field(() => Float)
  durationS!: number;

  @Field(() => String, { nullable: true, description: "What was evaluated, in the evaluator's words." })
  note!: string | null;

  @Field(() => String, { nullable: true, description: "How the intervals were computed." })
  intervalRule!: string | null;

  @Field(() => AnomalyRecordingRate, { description: "Normal recordings rated low." })
  specificity!: AnomalyRecordingRate;

  @Field(() => AnomalyRecordingRate, { description: "Anomalous recordings rated medium or high." })
  sensitivity!: AnomalyRecordingRate;

  @Field(() => [AnomalyRecordingClassEvaluation], { description: "Every simulator class, in the card's order." })
  classes!: AnomalyRecordingClassEvaluation[];

  @Field(() => [MisratedRecording])
  misrated!: MisratedRecording[];

  @Field(() => AnomalyWindowSpecificity, { nullable: true, description: "Window-level specificity over the normal evaluation recordings (every window); null on cards written before it." })
  windowSpecificity!: AnomalyWindowSpecificity | null;
}

/** One weights file of the anomaly model, measured against the float32 file on the held-out SYNTHETIC test windows during training. */
@ObjectType({ description: "One weights file of the anomaly model, measured against the float32 file on the held-out SYNTHETIC test windows during training." })
export class AnomalyWeightsVariant {
  @Field(() => String, { description: "Variant name, e.g. fp32, fp16-weights, int8-dynamic." })
  name!: string;

  @Field(() => String, { description: "Weights file, relative to the model card." })
  file!: string;

  @Field(() => Float, { description: "File size in KiB (1024 bytes)." })
  sizeKiB!: number;

  @Field(() => Float, { nullable: true, description: "Windows per second scoring one window at a time, measured on the training machine; null on older cards." })
  windowsPerSBatch1!: number | null;

  @Field(() => Float, { nullable: true, description: "Windows per second in batches of 64, measured on the training machine." })
  windowsPerSBatch64!: number | null;

  @Field(() => Float, { nullable: true, description: "Smallest per-class AUROC of the test windows." })
  minAuroc!: number | null;

  @Field(() => Float, { nullable: true, description: "Largest per-class AUROC difference from the float32 file; null for the float32 file itself." })
  maxAurocDelta!: number | null;

  @Field(() => Float, { nullable: true, description: "Share of normal test windows at or below the threshold; null on older cards." })
  specificity!: number | null;

  @Field(() => Float, { nullable: true, description: "Specificity difference from the float32 file; null for the float32 file itself and on older cards." })
  specificityDelta!: number | null;

  @Field(() => Float, { nullable: true, description: "Largest per-class sensitivity difference from the float32 file; null for the float32 file itself and on older cards." })
  maxSensitivityDelta!: number | null;

  @Field(() => Int, { nullable: true, description: "Test windows on the other side of the threshold than with the float32 file; null on older cards." })
  flagDisagreements!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Largest change of a window's reconstruction between scoring it alone and inside a batch of other windows (0 for float weights). A variant whose outputs move with their batch is never served: the batcher mixes recordings, and a report must not depend on them. Null on older cards.",
  })
  batchDependence!: number | null;

  @Field(() => Boolean, { description: "True for the file serving loads." })
  served!: boolean;
}

/** The served anomaly model and how its model card says it was evaluated. */
@ObjectType()
export class AnomalyModelInfo {
  @Field(() => String)
  modelVersion!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { description: "The weights file serving loads." })
  servedFile!: string;

  @Field(() => String, { description: "The window score the threshold applies to, e.g. hybrid-max-z." })
  scoreKind!: string;

  @Field(() => Float)
  threshold!: number;

  @Field(() => Boolean, {
    description: "True when the card says its data is simulated: every figure then describes the simulator's classes, not real infants, and must be shown labelled SYNTHETIC.",
  })
  synthetic!: boolean;

  @Field(() => String, { nullable: true, description: "The card's own warning about its data." })
  dataWarning!: string | null;

  @Field(() => AnomalyWindowEvaluation, { nullable: true, description: "Null when the card has no window-level metrics." })
  windowLevel!: AnomalyWindowEvaluation | null;

  @Field(() => AnomalyRecordingEvaluation, { nullable: true, description: "Null when the card has no recording-level evaluation (an older card)." })
  recordingLevel!: AnomalyRecordingEvaluation | null;

  @Field(() => [String], { nullable: true, description: "The card's stated limitations, when it has them." })
  limitations!: string[] | null;

  @Field(() => [AnomalyWeightsVariant], { nullable: true, description: "Every weights file measured against float32, in the card's order; null when the card predates that check." })
  variants!: AnomalyWeightsVariant[] | null;

  @Field(() => String, { nullable: true, description: "Why the served file was chosen, in the training verifier's words." })
  servedReason!: string | null;
}
