// Who is signed in, and what the window offers them. The permissions come with the person
// signed in, worked out by the core (crates/core/src/access: `SignedIn`), so the window keeps
// no copy of the role table: it only hides what the core would refuse anyway. The roles' words
// and hints are the core's too (`vocabulary`'s `roles`).
import type { Actor, Permission, Role, RoleChoice } from "./ipc/bindings";
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

/** The roles of people who sign in, most powerful first, as the core names them. */
export function roles(): RoleChoice[] {
  return app.vocabulary?.roles ?? [];
}

/** A role's word ("Safeguarding lead"); the code itself for one the core did not name. */
export function roleWord(role: Role | string): string {
  return roles().find((r) => r.role === role)?.label ?? role;
}

/** One line on what a role may do. */
export function roleHint(role: Role): string {
  return roles().find((r) => r.role === role)?.hint ?? "";
}
