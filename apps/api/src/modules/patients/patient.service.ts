import type { Viewer } from "../../context.type";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import { ConflictError } from "../../errors/conflict-error";
import { NotFoundError } from "../../errors/not-found-error";
import type { Prisma } from "../../services";
import { isUniqueViolation } from "../common/prisma-errors";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import { containsLiterally, hasLikeWildcard, searchText } from "../common/text-search";
import type { CreatePatientInput, UpdatePatientInput } from "./patient.input";

/** What the patients list's search looks in: codes are at most 64 characters. */
const PATIENT_SEARCH = { maxLength: 64, searches: "the patient's code", example: "the first characters of the code" };

/** What follows the deletion of analyses: their stored files (videos kept by retention) removed, their subscriptions told. */
export type AnalysisFileRemover = (analysisIds: string[]) => Promise<void>;

/** Patients: every query scoped by the viewer (clinicians see only the patients they own). */
export class PatientService {
  constructor(
    private readonly prisma: Prisma,
    private readonly removeFiles: AnalysisFileRemover,
  ) {}

  private scopeWhere(viewer: Viewer, scope: "all" | "own") {
    return scope === "own" ? { ownerId: viewer.id } : {};
  }

  async list(viewer: Viewer, scope: "all" | "own", args: PageArgs, search?: string | null) {
    const text = searchText(search, PATIENT_SEARCH);
    // A substring is served by no index: a search reads the viewer's patients (codes are short).
    const where = { ...this.scopeWhere(viewer, scope), ...(text ? { code: { contains: text } } : {}) };
    const page = pageQuery(args);
    const query = { where: { AND: [where, page.where] }, orderBy: PAGE_ORDER };
    if (!text || !hasLikeWildcard(text)) {
      const rows = await this.prisma.patient.findMany({ ...query, take: page.take });
      return toPage(rows, args, () => this.prisma.patient.count({ where }));
    }
    // Codes may hold "_", which LIKE takes as any character: what it finds is narrowed to the
    // codes that really contain the text, for the page and its count alike.
    const matches = containsLiterally(text, (patient: { code: string }) => [patient.code]);
    const rows = (await this.prisma.patient.findMany(query)).filter(matches).slice(0, page.take);
    return toPage(rows, args, async () => (await this.prisma.patient.findMany({ where, select: { code: true } })).filter(matches).length);
  }

  /** The patient, or NOT_FOUND when it does not exist or is not the viewer's. */
  async get(viewer: Viewer, scope: "all" | "own", id: string) {
    const row = await this.prisma.patient.findFirst({ where: { id, ...this.scopeWhere(viewer, scope) } });
    if (!row) throw new NotFoundError("No such patient.");
    return row;
  }

  async create(viewer: Viewer, scope: "all" | "own", input: CreatePatientInput) {
    checkBirthDate(input.birthDate);
    let ownerId = viewer.id;
    if (input.ownerId && input.ownerId !== viewer.id) {
      if (scope === "own") throw new BadUserInputError("Only administrators assign patients to another clinician.", { hint: "Leave ownerId empty." });
      const owner = await this.prisma.user.findFirst({ where: { id: input.ownerId, role: "CLINICIAN", isActive: true } });
      if (!owner) throw new BadUserInputError("ownerId is not an active clinician.");
      ownerId = owner.id;
    }
    try {
      const row = await this.prisma.patient.create({
        data: { code: input.code, birthDate: input.birthDate, gestationalAgeWeeks: input.gestationalAgeWeeks, ownerId },
      });
      await this.audit(viewer, "patient.create", row.id);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A patient with code ${input.code} exists already.`, { hint: "Choose another pseudonymous code." });
      throw error;
    }
  }

  async update(viewer: Viewer, scope: "all" | "own", input: UpdatePatientInput) {
    await this.get(viewer, scope, input.id);
    if (input.birthDate) checkBirthDate(input.birthDate);
    try {
      const row = await this.prisma.patient.update({
        where: { id: input.id },
        data: {
          ...(input.code != null ? { code: input.code } : {}),
          ...(input.birthDate != null ? { birthDate: input.birthDate } : {}),
          ...(input.gestationalAgeWeeks != null ? { gestationalAgeWeeks: input.gestationalAgeWeeks } : {}),
        },
      });
      await this.audit(viewer, "patient.update", row.id);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A patient with code ${input.code} exists already.`);
      throw error;
    }
  }

  /** Deletes the patient with its analyses (hot and archived) and their files; audited. */
  async delete(viewer: Viewer, scope: "all" | "own", id: string): Promise<boolean> {
    await this.get(viewer, scope, id);
    const [analyses, archived] = await Promise.all([
      this.prisma.analysis.findMany({ where: { patientId: id }, select: { id: true } }),
      // Archived analyses keep their files (the joint sequence) too.
      this.prisma.analysisArchive.findMany({ where: { patientId: id }, select: { id: true } }),
    ]);
    const ids = analyses.map((a) => a.id);
    await this.prisma.$transaction([
      this.prisma.patient.delete({ where: { id } }),
      this.prisma.auditEvent.create({
        data: { actorId: viewer.id, action: "patient.delete", targetType: "patient", targetId: id, details: { analyses: ids.length } },
      }),
    ]);
    await this.removeFiles([...ids, ...archived.map((a) => a.id)]);
    return true;
  }

  private async audit(viewer: Viewer, action: string, targetId: string) {
    await this.prisma.auditEvent.create({ data: { actorId: viewer.id, action, targetType: "patient", targetId } });
  }
}

function checkBirthDate(date: Date) {
  if (Number.isNaN(date.getTime()) || date.getTime() > Date.now()) throw new BadUserInputError("birthDate must be a valid date in the past.");
}
