import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../common/connection.type";

/** Who did what to which record, and when (`actor` null: the system, or a removed account). */
@ObjectType({ description: "Who did what to which record, and when." })
export class AuditEvent {
  @Field(() => ID)
  id!: number;

  /** Served by the `actor` field (AuditEventResolver). */
  actorId!: string | null;

  @Field(() => String, { description: "Dotted verb, e.g. user.create, analysis.review, database.restore." })
  action!: string;

  @Field(() => String, { description: "Kind of record acted on: user, patient, analysis, database." })
  targetType!: string;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "Extra context (never secrets, never clinical notes)." })
  details!: unknown;

  @Field(() => Date)
  createdAt!: Date;
}

/** A page of audit events, newest first. */
@ObjectType()
export class AuditEventConnection extends connectionOf("AuditEvent", AuditEvent) {}
