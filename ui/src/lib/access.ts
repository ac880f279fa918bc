// Who is signed in, and what the window offers them. This mirrors the core's table
// (crates/core/src/access.rs, docs/permissions.md) only to hide what a role cannot use: the
// core refuses it anyway, and every screen shows that refusal as it comes.
import type { Actor, Permission, Role } from "./ipc/bindings";
import { app } from "./app.svelte";

const NOT_FOR_SAFEGUARDING_LEAD: Permission[] = ["manage-staff", "club-settings", "manage-users", "see-audit-log", "backups", "data-rights"];
const NOT_FOR_LEADER: Permission[] = [...NOT_FOR_SAFEGUARDING_LEAD, "incidents", "partnership"];
const FOR_VOLUNTEER: Permission[] = ["see-young-people", "take-register", "own-training"];

/** Whether `role` holds `permission` (the same rule as the core's `access::allowed`). */
export function allowed(role: Role, permission: Permission): boolean {
  switch (role) {
    case "manager":
      return true;
    case "safeguarding-lead":
      return !NOT_FOR_SAFEGUARDING_LEAD.includes(permission);
    case "leader":
      return !NOT_FOR_LEADER.includes(permission);
    case "volunteer":
      return FOR_VOLUNTEER.includes(permission);
  }
}

/** Who is signed in, or null before anyone is. */
export function actor(): Actor | null {
  return app.status?.signed_in ?? null;
}

/** Whether the person signed in may do this (nobody may before signing in). */
export function can(permission: Permission): boolean {
  const who = actor();
  return who !== null && allowed(who.role, permission);
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
