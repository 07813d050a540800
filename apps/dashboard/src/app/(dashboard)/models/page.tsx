import { ModelsPage } from "@/components/admin/models-page";

export const metadata = { title: "Models and memory" };

export default function Page() {
  return <ModelsPage />;
}
