"use client";

import { useEffect, useState } from "react";

/**
 * A search field whose text becomes the query (`onSearch`, in the URL) a moment after typing stops,
 * and follows the URL when it changes elsewhere (back, a shared link).
 */
export function SearchBox({
  label,
  placeholder,
  value,
  onSearch,
}: {
  label: string;
  placeholder: string;
  value: string | null;
  onSearch: (value: string | null) => void;
}) {
  const [typed, setTyped] = useState(value ?? "");
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((value ?? "") !== typed.trim()) onSearch(typed.trim() || null);
    }, 300);
    return () => clearTimeout(timer);
  }, [typed, value, onSearch]);
  return (
    <input
      type="search"
      aria-label={label}
      placeholder={placeholder}
      value={typed}
      onChange={(event) => setTyped(event.target.value)}
      className="w-72 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm"
    />
  );
}
