import { Field, Float, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../common/connection.type";

/** An infant, known only by a pseudonymous code. */
@ObjectType()
export class Patient {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Pseudonymous code chosen by the clinic (never a name)." })
  code!: string;

  @Field(() => Date)
  birthDate!: Date;

  @Field(() => Float, { description: "Gestational age at birth in weeks." })
  gestationalAgeWeeks!: number;

  ownerId!: string;

  @Field(() => Date)
  createdAt!: Date;
}

/** A page of patients. */
@ObjectType()
export class PatientConnection extends connectionOf("Patient", Patient) {}
