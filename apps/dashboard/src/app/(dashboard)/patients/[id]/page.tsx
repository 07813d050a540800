import { PatientDetail } from "@/components/patients/patient-detail";

export const metadata = { title: "Patient" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PatientDetail id={id} />;
}
