"use client";

import { ErrorState } from "@/components/ui/states";

export default function ProjectError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState message={`This page could not be loaded: ${error.message}`} onRetry={reset} />;
}
