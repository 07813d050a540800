import { PerformancePage } from "@/components/admin/performance-page";

export const metadata = { title: "Performance" };

export default function Page() {
  return <PerformancePage />;
}
