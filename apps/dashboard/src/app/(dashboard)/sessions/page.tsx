import { SessionsPage } from "@/components/admin/sessions-page";

export const metadata = { title: "Sessions" };

export default function Page() {
  return <SessionsPage />;
}
