import { describe, expect, it } from "vitest";
import { followUpState, mayUseIncidents } from "./incidents";
import { actorFor } from "./ipc/fake";
import type { Concern } from "./ipc/bindings";

describe("who is offered the incident log", () => {
  it("offers it to managers and safeguarding leads, not to leaders or volunteers", () => {
    expect(mayUseIncidents({ signed_in: actorFor("manager") })).toBe(true);
    expect(mayUseIncidents({ signed_in: actorFor("safeguarding-lead") })).toBe(true);
    expect(mayUseIncidents({ signed_in: actorFor("leader") })).toBe(false);
    expect(mayUseIncidents({ signed_in: actorFor("volunteer") })).toBe(false);
  });

  it("offers it before anyone is signed in (the core still decides)", () => {
    expect(mayUseIncidents({ signed_in: null })).toBe(true);
    expect(mayUseIncidents(null)).toBe(true);
  });
});

describe("how a follow-up reads", () => {
  const with_ = (follow_up: Concern["follow_up"]): Concern => ({
    occurred_on: "2026-11-17",
    occurred_at: null,
    session: null,
    young_people: [],
    what_happened: "x",
    action_taken: "",
    referral: { to: [], detail: null, on: null },
    follow_up,
  });

  it("is due, overdue, open without a date, done, or absent", () => {
    expect(followUpState(with_({ what: "Ring", by: "2026-11-30", done: false }), "2026-11-24")).toEqual({ text: "Follow-up due Mon 30 Nov 2026", tone: "warn", open: true });
    expect(followUpState(with_({ what: "Ring", by: "2026-11-20", done: false }), "2026-11-24")).toEqual({ text: "Follow-up overdue (Fri 20 Nov 2026)", tone: "danger", open: true });
    expect(followUpState(with_({ what: "Ring", by: null, done: false }), "2026-11-24").open).toBe(true);
    expect(followUpState(with_({ what: "Ring", by: "2026-11-20", done: true }), "2026-11-24")).toEqual({ text: "Follow-up done", tone: "ok", open: false });
    expect(followUpState(with_(null), "2026-11-24").tone).toBe("none");
  });
});
