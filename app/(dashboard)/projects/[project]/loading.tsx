import { LoadingBlock, Skeleton } from "@/components/ui/states";

export default function Loading() {
  return (
    <div className="flex flex-col gap-4">
      <Skeleton className="h-7 w-40" />
      <LoadingBlock label="Loading overview" />
      <LoadingBlock height={200} label="Loading top events" />
    </div>
  );
}
