import { QueuesPage } from "@/components/admin/queues-page";

export const metadata = { title: "Queues" };

export default function Page() {
  return <QueuesPage />;
}
