import { UsersPage } from "@/components/admin/users-page";

export const metadata = { title: "Users" };

export default function Page() {
  return <UsersPage />;
}
