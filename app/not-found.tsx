import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-20">
      <EmptyState title="Nothing here">
        This project or page does not exist.{" "}
        <Link className="text-indigo-600 underline" href="/">
          Go to your projects
        </Link>
        .
      </EmptyState>
    </main>
  );
}
