import { ArrayNotEmpty, IsOptional, Max, MaxLength, Min, MinLength } from "class-validator";
import { Field, Float, ID, InputType } from "type-graphql";
import { AnalysisStatus } from "./analysis-status.type";
import { RiskLevel } from "./risk-level.type";

/** Analyse an uploaded video. */
@InputType()
export class AnalyzeVideoInput {
  @Field(() => String, { description: "uploadId returned by POST /uploads." })
  @MinLength(1)
  @MaxLength(64)
  uploadId!: string;

  @Field(() => ID)
  patientId!: string;

  @Field(() => Float, { description: "Age at recording in weeks (post-term)." })
  @Min(0)
  @Max(60)
  ageWeeks!: number;

  @Field(() => Float, { nullable: true, description: "Gestational age at birth; default: the patient's." })
  @IsOptional()
  @Min(20)
  @Max(45)
  gestationalAgeWeeks?: number | null;
}

/** Analyse uploaded keypoints (JSON or CSV, POST /uploads?kind=keypoints). */
@InputType()
export class AnalyzeKeypointsInput extends AnalyzeVideoInput {}

/** Filter of the analyses list. */
@InputType()
export class AnalysisFilter {
  @Field(() => AnalysisStatus, { nullable: true })
  @IsOptional()
  status?: AnalysisStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  patientId?: string | null;

  @Field(() => [RiskLevel], {
    nullable: true,
    description: "Only SUCCEEDED analyses whose report gives one of these risk levels (one level may be passed on its own: `riskLevel: HIGH`). Archived ones too with includeArchived.",
  })
  @IsOptional()
  @ArrayNotEmpty({ message: "riskLevel must name at least one level (LOW, MEDIUM, HIGH); leave it out to list every level" })
  riskLevel?: RiskLevel[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only analyses a clinician has reviewed; false: only SUCCEEDED analyses still to review. Archived ones too with includeArchived.",
  })
  @IsOptional()
  reviewed?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Also list archived analyses (finished ones moved to the archive after ANALYSIS_ARCHIVE_AFTER_DAYS), merged in the same order and cursor.",
  })
  @IsOptional()
  includeArchived?: boolean | null;
}
