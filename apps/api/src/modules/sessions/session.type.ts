import { Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../common/connection.type";

/** A signed-in browser or API client (the token itself is never readable). */
@ObjectType()
export class Session {
  @Field(() => ID)
  id!: number;

  userId!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;
}

/** A page of sessions. */
@ObjectType()
export class SessionConnection extends connectionOf("Session", Session) {}
