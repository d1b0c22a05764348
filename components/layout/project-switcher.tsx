"use client";

import { usePathname, useRouter } from "next/navigation";

type Props = { current: string; projects: { slug: string; name: string }[] };

/** Switches project and stays on the same report (…/projects/{slug}/<same section>; not the same person). */
export function ProjectSwitcher({ current, projects }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <label className="flex flex-col gap-1 text-xs text-slate-400">
      Project
      <select
        aria-label="Project"
        value={current}
        onChange={(event) => {
          const rest = pathname.split("/").slice(3, 4).join("/");
          router.push(`/projects/${event.target.value}${rest ? `/${rest}` : ""}`);
        }}
        className="rounded-md border border-slate-700 bg-slate-800 px-2 py-1.5 text-sm text-slate-100"
      >
        {projects.map((p) => (
          <option key={p.slug} value={p.slug}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
