import { ModelEvaluationPage } from "@/components/models/model-evaluation-page";

export const metadata = { title: "Model evaluation" };

export default function Page() {
  return <ModelEvaluationPage />;
}
