import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getDb } from "@/db/client";
import { sessionUser } from "@/lib/auth/session";
import { safeNext } from "@/lib/http/safe-next";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await sessionUser(await getDb(), await headers())) redirect(next);
  return (
    <AuthCard title="Sign in to Loupe">
      <SignInForm next={next} />
      <p className="mt-4 text-xs text-slate-500">
        Forgot your password? An admin makes you a reset link: <code>npm run project -- reset-password</code>{" "}
        <code>&lt;email&gt;</code>. On the embedded demo, the first start printed its login on the console.
      </p>
    </AuthCard>
  );
}
