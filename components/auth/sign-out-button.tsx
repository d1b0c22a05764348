"use client";

/** Ends the session (the cookie goes with it) and leaves for the sign-in page. */
export function SignOutButton() {
  return (
    <button
      type="button"
      className="text-xs text-slate-400 hover:text-white"
      onClick={async () => {
        await fetch("/api/auth/sign-out", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        window.location.assign("/sign-in");
      }}
    >
      Sign out
    </button>
  );
}
