"use client";

import { useState } from "react";
import { Problem } from "@/components/ui/states";
import { Field, postJson, SubmitButton } from "./auth-card";

/**
 * A new member chooses a password and is signed in; a signed-in user whose email the invitation
 * names just accepts.
 */
export function AcceptInvitationForm({
  token,
  email,
  signedIn,
  next,
}: {
  token: string;
  email: string;
  signedIn: boolean;
  next: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const password = form.get("password");
        if (!signedIn && password !== form.get("again")) return setError("The two passwords differ.");
        setBusy(true);
        const accepted = await postJson("/api/v1/invitations/accept", signedIn ? { token } : { token, password });
        if (accepted.error) {
          setBusy(false);
          return setError(accepted.error);
        }
        if (!signedIn) {
          const signIn = await postJson("/api/auth/sign-in/email", { email, password });
          if (signIn.error) {
            setBusy(false);
            return setError(signIn.error);
          }
        }
        window.location.assign(next);
      }}
    >
      <Field label="Email" name="email" type="email" defaultValue={email} readOnly autoComplete="username" />
      {!signedIn && (
        <>
          <Field
            label="Choose a password (at least 10 characters)"
            name="password"
            type="password"
            autoComplete="new-password"
          />
          <Field label="Again" name="again" type="password" autoComplete="new-password" />
        </>
      )}
      <Problem message={error} />
      <SubmitButton busy={busy}>{signedIn ? "Accept and open the project" : "Join"}</SubmitButton>
    </form>
  );
}
