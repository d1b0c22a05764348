import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { EmptyState } from "@/components/ui/states";
import { accessMessages, dashboardAccess } from "@/lib/http/dashboard-access";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Loupe", template: "%s · Loupe" },
  description: "Self-hosted behavioral analytics",
};

/**
 * Every page renders per request (its CSP nonce, proxy.ts) and only for an open dashboard at an
 * allowed host: the proxy refuses the others first, this is the second gate.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const access = dashboardAccess((await headers()).get("host"));
  const refused = access === "open" ? null : accessMessages[access];
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {refused ? (
          <main className="mx-auto max-w-lg px-6 py-20">
            <EmptyState title={refused.title}>{refused.body}</EmptyState>
          </main>
        ) : (
          <Providers>{children}</Providers>
        )}
      </body>
    </html>
  );
}
