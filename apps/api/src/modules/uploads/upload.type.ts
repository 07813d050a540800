import { Field, Float, ObjectType } from "type-graphql";

/** A checked upload waiting to be analysed. */
@ObjectType()
export class Upload {
  @Field(() => String)
  uploadId!: string;

  @Field(() => String, { description: "video or keypoints" })
  kind!: string;

  @Field(() => Float)
  sizeBytes!: number;

  @Field(() => Date)
  expiresAt!: Date;
}
