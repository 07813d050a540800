import { PatientsPage } from "@/components/patients/patients-page";

export const metadata = { title: "Patients" };

export default function Page() {
  return <PatientsPage />;
}
