import { Card, Skeleton } from "@/components/ui";

export default function Loading() {
  return (
    <div className="stack" aria-busy="true">
      <Skeleton width={320} height={24} />
      <Card.Skeleton height={120} />
      <Card.Skeleton height={260} />
    </div>
  );
}
