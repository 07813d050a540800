import { Field, ID, Int, ObjectType } from "type-graphql";
import { RiskLevel } from "../analyses/risk-level.type";
import { GmaClassification } from "./gma-classification.type";

/** A clinician's own assessment of an analysed recording, beside the model's verdict. */
@ObjectType({ description: "A clinician's own assessment of an analysed recording, beside the model's verdict." })
export class AnalysisReview {
  @Field(() => ID)
  analysisId!: string;

  /** Served by the `reviewer` field (AnalysisReviewResolver). */
  reviewerId!: string | null;

  @Field(() => GmaClassification)
  classification!: GmaClassification;

  @Field(() => String, { nullable: true, description: "The clinician's notes; null when none." })
  notes!: string | null;

  @Field(() => RiskLevel, { description: "The analysis's risk level when it was reviewed." })
  modelRiskLevel!: RiskLevel;

  @Field(() => String, { nullable: true, description: "The model version of the analysis when it was reviewed." })
  modelVersion!: string | null;

  @Field(() => Date, { description: "When the analysis was first reviewed." })
  createdAt!: Date;

  @Field(() => Date, { description: "When the review was last changed." })
  updatedAt!: Date;
}

/** How many reviews of one model version's analyses gave one class to one risk level. */
@ObjectType({ description: "How many clinicians' reviews gave one class to analyses of one model version and risk level." })
export class ReviewAgreementCell {
  @Field(() => String, { nullable: true })
  modelVersion!: string | null;

  @Field(() => RiskLevel)
  modelRiskLevel!: RiskLevel;

  @Field(() => GmaClassification)
  classification!: GmaClassification;

  @Field(() => Int)
  count!: number;
}
