import { IsOptional, Matches, Max, MaxLength, Min, MinLength } from "class-validator";
import { Field, Float, ID, InputType } from "type-graphql";

const CODE = /^[A-Za-z0-9._-]+$/;
const CODE_MESSAGE = "code: letters, digits, dot, dash and underscore only (a pseudonym, never a name)";

/** New patient. */
@InputType()
export class CreatePatientInput {
  @Field(() => String)
  @MinLength(1)
  @MaxLength(64)
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @Field(() => Date)
  birthDate!: Date;

  @Field(() => Float)
  @Min(20)
  @Max(45)
  gestationalAgeWeeks!: number;

  @Field(() => ID, { nullable: true, description: "Owning clinician; admins only. Default: the caller." })
  @IsOptional()
  ownerId?: string | null;
}

/** Changes to a patient; omitted fields stay. */
@InputType()
export class UpdatePatientInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(64)
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  birthDate?: Date | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(20)
  @Max(45)
  gestationalAgeWeeks?: number | null;
}
