"use client";

import { useState } from "react";
import { Problem } from "@/components/ui/states";
import { Field, postJson, SubmitButton } from "./auth-card";

/** A reset link's token and a new password (better-auth checks and spends the token). */
export function ResetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  if (done) {
    return (
      <p role="status" className="text-sm text-slate-700">
        Your password is changed and your other sessions are ended.{" "}
        <a className="text-indigo-600 underline" href="/sign-in">
          Sign in
        </a>
        .
      </p>
    );
  }
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        if (form.get("password") !== form.get("again")) return setError("The two passwords differ.");
        setBusy(true);
        const { error } = await postJson("/api/auth/reset-password", { token, newPassword: form.get("password") });
        setBusy(false);
        if (error)
          return setError(error === "Invalid token" ? "This link is used or expired: ask for a new one." : error);
        setDone(true);
      }}
    >
      <Field
        label="New password (at least 10 characters)"
        name="password"
        type="password"
        autoComplete="new-password"
      />
      <Field label="Again" name="again" type="password" autoComplete="new-password" />
      <Problem message={error} />
      <SubmitButton busy={busy}>Set password</SubmitButton>
    </form>
  );
}
