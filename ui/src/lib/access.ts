// Who is signed in, and what the window offers them. The permissions come with the person
// signed in, worked out by the core (crates/core/src/access: `SignedIn`), so the window keeps
// no copy of the role table: it only hides what the core would refuse anyway.
import type { Actor, Permission, Role } from "./ipc/bindings";
import { app } from "./app.svelte";

/** Who is signed in, or null before anyone is. */
export function actor(): Actor | null {
  return app.status?.signed_in ?? null;
}

/** Whether the person signed in may do this (nobody may before signing in). */
export function can(permission: Permission): boolean {
  const who = actor();
  return who !== null && who.permissions.includes(permission);
}

export const ROLE_WORDS: Record<Role, string> = {
  manager: "Manager",
  "safeguarding-lead": "Safeguarding lead",
  leader: "Leader",
  volunteer: "Volunteer",
};

export const ROLE_HINTS: Record<Role, string> = {
  manager: "Everything, including who can sign in, backups and the audit log.",
  "safeguarding-lead": "What a leader does, and the incident and safeguarding log.",
  leader: "Young people (with medical notes), sessions, registers, figures and returns.",
  volunteer: "Registers of the sessions they staff and their own training. No medical notes.",
};

export const ROLES: Role[] = ["manager", "safeguarding-lead", "leader", "volunteer"];
