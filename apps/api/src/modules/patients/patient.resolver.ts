import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireViewer, scopeOf } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { hotAnalysisRecord, mergeAnalysisRecords } from "../analyses/analysis-record";
import { Analysis } from "../analyses/analysis.type";
import { PageArgsInput } from "../common/page.args";
import { User } from "../users/user.type";
import { CreatePatientInput, UpdatePatientInput } from "./patient.input";
import { Patient, PatientConnection } from "./patient.type";

/** Patients: thin; scoping and rules live in PatientService. */
@Resolver(() => Patient)
export class PatientResolver {
  @Query(() => PatientConnection, { description: "Patients visible to the caller, newest first." })
  patients(@Args(() => PageArgsInput) page: PageArgsInput, @Arg("search", () => String, { nullable: true, description: "Only patients whose code contains this text, ignoring case (ASCII letters) and the spaces around it; blank means every patient. At most 64 characters." }) search: string | null, @Ctx() ctx: GraphQLContext) {
    return ctx.services.patients.list(requireViewer(ctx), scopeOf(ctx, "Query.patients"), page, search);
  }

  @Query(() => Patient)
  patient(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.patients.get(requireViewer(ctx), scopeOf(ctx, "Query.patient"), id);
  }

  @Mutation(() => Patient)
  createPatient(@Arg("input", () => CreatePatientInput) input: CreatePatientInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.patients.create(requireViewer(ctx), scopeOf(ctx, "Mutation.createPatient"), input);
  }

  @Mutation(() => Patient)
  updatePatient(@Arg("input", () => UpdatePatientInput) input: UpdatePatientInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.patients.update(requireViewer(ctx), scopeOf(ctx, "Mutation.updatePatient"), input);
  }

  @Mutation(() => Boolean, { description: "Deletes the patient with all analyses and files; audited." })
  deletePatient(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.patients.delete(requireViewer(ctx), scopeOf(ctx, "Mutation.deletePatient"), id);
  }

  @FieldResolver(() => User)
  async owner(@Root() patient: Patient, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.userById.load(patient.ownerId);
  }

  @FieldResolver(() => [Analysis], { description: "The patient's analyses, newest first; archived ones too when includeArchived." })
  async analyses(
    @Root() patient: Patient,
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Arg("includeArchived", () => Boolean, { defaultValue: false, description: "Also list the patient's archived analyses, merged newest first." }) includeArchived: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    const take = Math.max(0, Math.min(first, 100));
    const rows = await ctx.loaders.analysesByPatient.load(patient.id);
    if (!includeArchived) return rows.slice(0, take).map(hotAnalysisRecord);
    return mergeAnalysisRecords(rows, await ctx.loaders.archivedAnalysesByPatient.load(patient.id), take);
  }
}
