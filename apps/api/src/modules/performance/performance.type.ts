import { Field, Float, Int, ObjectType } from "type-graphql";

/** Counts of one BullMQ queue. */
@ObjectType()
export class QueueStats {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  waiting!: number;

  @Field(() => Int)
  active!: number;

  @Field(() => Int)
  delayed!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  workers!: number;
}

/** Memory of the API process. */
@ObjectType()
export class MemoryStats {
  @Field(() => Float)
  rssBytes!: number;

  @Field(() => Float)
  heapUsedBytes!: number;

  @Field(() => Float)
  heapTotalBytes!: number;

  @Field(() => Float)
  externalBytes!: number;

  @Field(() => Float)
  arrayBuffersBytes!: number;
}
