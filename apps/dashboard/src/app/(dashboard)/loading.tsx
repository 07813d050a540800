import { Card, Skeleton, Tile } from "@/components/ui";

export default function Loading() {
  return (
    <div className="stack" aria-busy="true">
      <Skeleton width={260} height={24} />
      <div className="grid tiles">
        <Tile.Skeleton />
        <Tile.Skeleton />
        <Tile.Skeleton />
        <Tile.Skeleton />
      </div>
      <Card.Skeleton />
    </div>
  );
}
