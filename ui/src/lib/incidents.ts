// The incident log's small rules for the window: who is shown the screen (a convenience only:
// the core refuses everyone else), how a follow-up reads, and a concern back as form input.
import type { Actor, Concern, ConcernInput, ReferralKind } from "./ipc/bindings";
import { shortDate } from "./format";

/** Whether to offer the incident log in the navigation: the person signed in holds the
 *  permission, as the core worked it out. Before anyone is signed in the screen is offered
 *  and the core decides. */
export function mayUseIncidents(status: { signed_in: Actor | null } | null): boolean {
  const who = status?.signed_in ?? null;
  return who === null || who.permissions.includes("incidents");
}

export interface FollowUpState {
  text: string;
  tone: "ok" | "warn" | "danger" | "none";
  open: boolean;
}

/** "Follow-up due Tue 1 Dec 2026", overdue in red, done in green. */
export function followUpState(concern: Concern, today: string): FollowUpState {
  const followUp = concern.follow_up;
  if (!followUp) return { text: "No follow-up", tone: "none", open: false };
  if (followUp.done) return { text: "Follow-up done", tone: "ok", open: false };
  if (!followUp.by) return { text: "Follow-up open", tone: "warn", open: true };
  if (followUp.by < today) return { text: `Follow-up overdue (${shortDate(followUp.by)})`, tone: "danger", open: true };
  return { text: `Follow-up due ${shortDate(followUp.by)}`, tone: "warn", open: true };
}

/** A concern as the form edits it (to correct it). */
export function inputOf(concern: Concern): ConcernInput {
  return {
    occurred_on: concern.occurred_on,
    occurred_at: concern.occurred_at,
    session_id: concern.session?.id ?? null,
    young_people: concern.young_people.map((p) => p.id),
    what_happened: concern.what_happened,
    action_taken: concern.action_taken,
    referral: { to: [...concern.referral.to], detail: concern.referral.detail, on: concern.referral.on },
    follow_up: concern.follow_up ? { ...concern.follow_up } : null,
  };
}

/** An empty concern dated today. */
export function blankInput(today: string): ConcernInput {
  return {
    occurred_on: today,
    occurred_at: null,
    session_id: null,
    young_people: [],
    what_happened: "",
    action_taken: "",
    referral: { to: [], detail: null, on: null },
    follow_up: null,
  };
}

/** "Police, NSPCC" from the vocabulary's labels, or "Not referred". */
export function referralText(kinds: ReferralKind[], label: (code: string) => string): string {
  return kinds.length === 0 ? "Not referred" : kinds.map(label).join(", ");
}
