import type { Db } from "@/db/connect";
import { recordAudit } from "@/lib/audit/audit-log";
import { createUser, findUserByEmail, passwordResetToken, setUserDisabled } from "@/lib/auth/auth";
import { generatePassword, loginMessage } from "@/lib/auth/first-admin";
import { createInvitation } from "@/lib/auth/invitations";
import { isRole, listMembers, removeMember, setMember } from "@/lib/auth/roles";
import { getProjectBySlug } from "@/lib/projects/projects";
import { fail } from "./cli";

/** The commands of `npm run project` about people who sign in (docs/access.md). */
export const USER_COMMANDS = ["admin", "reset-password", "user", "member", "invite"] as const;

export const USER_USAGE = `  admin <email> [--password P]            an instance admin (admin of every project); prints the password if made here
  reset-password <email>                  prints a one-time link to choose a new password (valid 1 hour)
  user disable | enable <email>           a disabled user cannot sign in; their sessions end at once
  member <slug> list | remove <email> | <email> --role admin|member|viewer [--pii]
  invite <slug> <email> --role admin|member|viewer [--pii]   prints the invite link (valid 7 days)`;

type Options = { password?: string; role?: string; pii?: boolean; url?: string };

const CLI = { actor: "cli", actorLabel: "cli" } as const;

export async function userCommand(db: Db, [command, ...args]: string[], options: Options): Promise<void> {
  const base = (options.url ?? process.env.LOUPE_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(
    /\/$/,
    "",
  );
  if (command === "admin") {
    const [email] = args;
    if (!email) fail("say whose: npm run project -- admin <email>");
    const password = options.password ?? generatePassword();
    await createUser(db, { email, password, isOwner: true }).catch((e: Error) => fail(e.message));
    console.log(options.password ? `admin ${email} created` : loginMessage(email.toLowerCase(), password));
  } else if (command === "reset-password") {
    const [email] = args;
    if (!email) fail("say whose: npm run project -- reset-password <email>");
    const token = await passwordResetToken(db, email);
    if (!token) fail(`no user ${email}`);
    const user = await findUserByEmail(db, email);
    await recordAudit(db, { ...CLI, projectId: null, action: "password_reset_link", target: `user:${user?.id}` });
    console.log(
      `a one-time link for ${email} (valid 1 hour; using it ends their sessions):\n${base}/reset-password?token=${token}`,
    );
  } else if (command === "user") {
    const [action, email] = args;
    if ((action !== "disable" && action !== "enable") || !email) fail("npm run project -- user disable|enable <email>");
    const user = await findUserByEmail(db, email);
    if (!user) fail(`no user ${email}`);
    await setUserDisabled(db, user.id, action === "disable");
    await recordAudit(db, {
      ...CLI,
      projectId: null,
      action: action === "disable" ? "user_disabled" : "user_enabled",
      target: `user:${user.id}`,
      details: { email: user.email },
    });
    console.log(`${user.email} is ${action}d${action === "disable" ? " (their sessions are ended)" : ""}`);
  } else {
    const [slug, emailOrAction, maybeEmail] = args;
    const project = slug ? await getProjectBySlug(db, slug) : null;
    if (!project) fail(`no project "${slug ?? ""}"`);
    if (command === "member" && emailOrAction === "list") {
      for (const m of await listMembers(db, project.id)) {
        console.log(
          `${m.email.padEnd(32)} ${m.role.padEnd(7)} ${m.canSeePii ? "pii" : "   "} ${m.disabled ? "disabled" : ""}`,
        );
      }
      return;
    }
    if (command === "member" && emailOrAction === "remove") {
      const user = maybeEmail ? await findUserByEmail(db, maybeEmail) : null;
      if (!user || !(await removeMember(db, project.id, user.id))) fail(`${maybeEmail} is not a member of "${slug}"`);
      await recordAudit(db, { ...CLI, projectId: project.id, action: "member_removed", target: `user:${user.id}` });
      console.log(`${user.email} is no longer a member of "${slug}"`);
      return;
    }
    const email = emailOrAction;
    if (!email || !options.role || !isRole(options.role))
      fail(`npm run project -- ${command} <slug> <email> --role admin|member|viewer [--pii]`);
    const role = options.role;
    const canSeePii = options.pii === true;
    if (command === "invite") {
      const invitation = await createInvitation(db, { projectId: project.id, email, role, canSeePii, invitedBy: null });
      await recordAudit(db, {
        ...CLI,
        projectId: project.id,
        action: "member_invited",
        target: email.toLowerCase(),
        details: { role, canSeePii },
      });
      console.log(`invite link for ${email} as ${role} of "${slug}" (valid 7 days, once):\n${base}${invitation.path}`);
      return;
    }
    const user = await findUserByEmail(db, email);
    if (!user)
      fail(`no user ${email}: invite them instead (npm run project -- invite ${slug} ${email} --role ${role})`);
    await setMember(db, { projectId: project.id, userId: user.id, role, canSeePii });
    await recordAudit(db, {
      ...CLI,
      projectId: project.id,
      action: "member_changed",
      target: `user:${user.id}`,
      details: { email: user.email, role, canSeePii },
    });
    console.log(`${user.email} is ${role} of "${slug}"${canSeePii ? " and can see personal data" : ""}`);
  }
}
