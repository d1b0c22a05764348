import type { Metadata } from "next";
import { headers } from "next/headers";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { AuthCard } from "@/components/auth/auth-card";
import { EmptyState } from "@/components/ui/states";
import { getDb } from "@/db/client";
import { findInvitation } from "@/lib/auth/invitations";
import { sessionUser } from "@/lib/auth/session";
import { getProjectById } from "@/lib/projects/projects";

export const metadata: Metadata = { title: "Invitation" };

/** Opened from an invite link (an admin made it on the settings page or with the CLI). */
export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const db = await getDb();
  const invitation = token ? await findInvitation(db, token) : null;
  const project = invitation ? await getProjectById(db, invitation.projectId) : null;
  if (!token || !invitation || !project) {
    return (
      <AuthCard title="Invitation">
        <EmptyState title="This invitation is not valid">
          It was used, revoked or has expired: ask the project&apos;s admin for a new link.
        </EmptyState>
      </AuthCard>
    );
  }
  const user = await sessionUser(db, await headers());
  const signedInAsInvitee = user?.email === invitation.email;
  return (
    <AuthCard title={`Join ${project.name}`}>
      <p className="mb-4 text-sm text-slate-600">
        You are invited as <strong>{invitation.role}</strong>
        {invitation.canSeePii ? ", with access to personal data" : ""}.
      </p>
      {invitation.existingUser && !signedInAsInvitee ? (
        <EmptyState title={`${invitation.email} has an account`}>
          <a
            className="text-indigo-600 underline"
            href={`/sign-in?next=${encodeURIComponent(`/invite?token=${token}`)}`}
          >
            Sign in as {invitation.email}
          </a>{" "}
          to accept.
        </EmptyState>
      ) : (
        <AcceptInvitationForm
          token={token}
          email={invitation.email}
          signedIn={signedInAsInvitee}
          next={`/projects/${project.slug}`}
        />
      )}
    </AuthCard>
  );
}
