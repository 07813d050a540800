import { IsOptional, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { GmaClassification } from "./gma-classification.type";

/** Longest notes a review keeps, in characters (a page of text). */
export const MAX_REVIEW_NOTES_LENGTH = 4000;

/** A clinician's assessment of an analysed recording; replaces an earlier one. */
@InputType()
export class ReviewAnalysisInput {
  @Field(() => ID)
  analysisId!: string;

  @Field(() => GmaClassification)
  classification!: GmaClassification;

  @Field(() => String, { nullable: true, description: `Free text, at most ${MAX_REVIEW_NOTES_LENGTH} characters; blank or null for none.` })
  @IsOptional()
  @MaxLength(MAX_REVIEW_NOTES_LENGTH, { message: `notes must be at most ${MAX_REVIEW_NOTES_LENGTH} characters; shorten them` })
  notes?: string | null;
}
