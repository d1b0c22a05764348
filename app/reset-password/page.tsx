import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { EmptyState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Reset password" };

/** Opened from the link `npm run project -- reset-password <email>` prints. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Choose a new password">
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <EmptyState title="This link has no token">Open the whole link the command printed.</EmptyState>
      )}
    </AuthCard>
  );
}
