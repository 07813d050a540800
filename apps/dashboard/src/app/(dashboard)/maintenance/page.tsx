import { MaintenancePage } from "@/components/admin/maintenance-page";

export const metadata = { title: "Maintenance" };

export default function Page() {
  return <MaintenancePage />;
}
