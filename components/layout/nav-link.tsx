"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A report in the navigation; a section (People) stays active on its pages (a person). */
export function NavLink({
  href,
  children,
  section = false,
}: {
  href: string;
  children: React.ReactNode;
  section?: boolean;
}) {
  const pathname = usePathname();
  const active = pathname === href || (section && pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-md px-2 py-1.5 text-sm ${active ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`}
    >
      {children}
    </Link>
  );
}
