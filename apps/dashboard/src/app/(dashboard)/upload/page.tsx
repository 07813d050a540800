import { Suspense } from "react";
import { Card } from "@/components/ui";
import { UploadForm } from "@/components/upload/upload-form";

export const metadata = { title: "Upload" };

export default function Page() {
  return (
    <Suspense fallback={<Card.Skeleton />}>
      <UploadForm />
    </Suspense>
  );
}
