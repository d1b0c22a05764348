"use client";

import { useState } from "react";
import { Problem } from "@/components/ui/states";
import { Field, postJson, SubmitButton } from "./auth-card";

/** Email and password → a session cookie (lib/auth/handler.ts), then back to where one was going. */
export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setBusy(true);
        const { error } = await postJson("/api/auth/sign-in/email", {
          email: form.get("email"),
          password: form.get("password"),
        });
        setBusy(false);
        if (error) return setError(error);
        // A full load: every server component reads the new session.
        window.location.assign(next);
      }}
    >
      <Field label="Email" name="email" type="email" autoComplete="username" />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
      <Problem message={error} />
      <SubmitButton busy={busy}>Sign in</SubmitButton>
    </form>
  );
}
