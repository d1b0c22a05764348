import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLink } from "./nav-link";
import { ProjectSwitcher } from "./project-switcher";

type Props = {
  project: { slug: string; name: string; timeZone: string };
  projects: { slug: string; name: string }[];
  viewer: { email: string; role: string; canSeePii: boolean };
  children: ReactNode;
};

/** The dashboard frame: product navigation and project switcher on the left, the report on the right. */
export function AppShell({ project, projects, viewer, children }: Props) {
  const base = `/projects/${project.slug}`;
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col gap-6 bg-slate-900 px-4 py-5">
        <div className="flex items-center gap-2 text-white">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-indigo-500 text-sm font-bold">
            L
          </span>
          <span className="text-base font-semibold tracking-tight">Loupe</span>
        </div>
        <ProjectSwitcher current={project.slug} projects={projects} />
        <nav aria-label="Reports" className="flex flex-col gap-1">
          <NavLink href={base}>Overview</NavLink>
          <NavLink href={`${base}/trends`}>Trends</NavLink>
          <NavLink href={`${base}/funnels`}>Funnels</NavLink>
          <NavLink href={`${base}/retention`}>Retention</NavLink>
          <NavLink href={`${base}/deploys`} section>
            Deploys
          </NavLink>
          <NavLink href={`${base}/data-quality`}>Data quality</NavLink>
          <NavLink href={`${base}/people`} section>
            People
          </NavLink>
          <NavLink href={`${base}/accounts`} section>
            Accounts
          </NavLink>
          {viewer.role === "admin" && (
            <NavLink href={`${base}/settings`} section>
              Settings
            </NavLink>
          )}
        </nav>
        <div className="mt-auto flex flex-col gap-1 text-xs text-slate-500">
          <p>Time zone: {project.timeZone}</p>
          <p className="truncate text-slate-300" title={viewer.email}>
            {viewer.email}
          </p>
          <p>
            {viewer.role}
            {viewer.canSeePii ? "" : " · personal data masked"}
          </p>
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-6 py-5">{children}</main>
    </div>
  );
}
