"use client";

import { useEffect, useRef } from "react";
import { formatInteger } from "./format";

/**
 * The end of a paginated list: loads the next page when it scrolls into view (infinite scroll),
 * with a button for keyboards and for when the observer cannot see it.
 */
export function LoadMore({
  hasMore,
  loading,
  onMore,
  shown,
  noun,
}: {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  shown: number;
  noun: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const more = useRef(onMore);
  more.current = onMore;
  useEffect(() => {
    const element = ref.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) more.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore]);
  return (
    <div ref={ref} className="mt-3 flex items-center justify-between text-xs text-slate-500" data-testid="load-more">
      <span>
        {formatInteger(shown)} {noun} shown{hasMore ? "" : " — that is all"}
      </span>
      {hasMore && (
        <button
          type="button"
          onClick={onMore}
          disabled={loading}
          className="rounded border border-slate-200 bg-white px-2 py-1 font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
        >
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
