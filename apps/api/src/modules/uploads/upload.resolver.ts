import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { requireViewer } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { Upload } from "./upload.type";

/** Uploads arrive over HTTP (POST /uploads); GraphQL only looks them up. */
@Resolver(() => Upload)
export class UploadResolver {
  @Query(() => Upload, { description: "An upload of the caller that has not been used or expired yet." })
  async upload(@Arg("uploadId", () => String) uploadId: string, @Ctx() ctx: GraphQLContext) {
    const stored = await ctx.services.uploads.peek(uploadId, requireViewer(ctx));
    return { uploadId: stored.uploadId, kind: stored.kind, sizeBytes: stored.sizeBytes, expiresAt: new Date(stored.expiresAt) };
  }
}
