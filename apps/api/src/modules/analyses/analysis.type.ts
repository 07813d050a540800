import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { connectionOf } from "../common/connection.type";
import { AnalysisStatus } from "./analysis-status.type";
import type { RiskLevel } from "./risk-level.type";

/** One run of the pipeline on one recording of one patient. */
@ObjectType()
export class Analysis {
  @Field(() => ID)
  id!: string;

  patientId!: string;
  requestedById!: string | null;
  windowErrors!: Uint8Array | null;
  /** The stored column; the `riskLevel` field (AnalysisResolver) serves it for SUCCEEDED ones only. */
  riskLevel!: RiskLevel | null;

  @Field(() => AnalysisStatus)
  status!: AnalysisStatus;

  @Field(() => String, { nullable: true, description: "Current pipeline stage while RUNNING." })
  stage!: string | null;

  @Field(() => Int, { description: "0 to 100." })
  progress!: number;

  @Field(() => Float, { description: "Age at recording in weeks." })
  ageWeeks!: number;

  @Field(() => Float, { nullable: true })
  gestationalAgeWeeks!: number | null;

  @Field(() => String, { description: "SHA-256 of the input bytes." })
  videoFingerprint!: string;

  @Field(() => String, { nullable: true })
  modelVersion!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "The clinician-facing report." })
  report!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  findings!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: "Milliseconds per pipeline stage." })
  timings!: unknown;

  @Field(() => String, { nullable: true, description: "Stable error code when FAILED." })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When the finished analysis was moved to the archive (still readable and deletable, no longer cancellable); null while it is in the hot table.",
  })
  archivedAt!: Date | null;
}

/** A page of analyses. */
@ObjectType()
export class AnalysisConnection extends connectionOf("Analysis", Analysis) {}

/** Counts without any patient data: what analysts may see. */
@ObjectType()
export class AnalysisAggregates {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  queued!: number;

  @Field(() => Int)
  running!: number;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  cancelled!: number;

  @Field(() => Int)
  patients!: number;

  @Field(() => Float, { nullable: true, description: "Mean wall time of succeeded analyses in ms." })
  meanDurationMs!: number | null;
}

/** Analyses requested on one calendar day (UTC), without patient data. */
@ObjectType()
export class AnalysisDay {
  @Field(() => String, { description: "The day in UTC, YYYY-MM-DD." })
  day!: string;

  @Field(() => Int, { description: "Analyses requested that day, whatever their status." })
  total!: number;

  @Field(() => Int, { description: "Analyses requested that day that have succeeded." })
  succeeded!: number;

  @Field(() => Int, { description: "Analyses requested that day that have failed." })
  failed!: number;

  @Field(() => Int, { description: "Analyses requested that day that were cancelled." })
  cancelled!: number;

  @Field(() => Float, { nullable: true, description: "Mean wall time in ms of that day's succeeded analyses." })
  meanDurationMs!: number | null;
}
