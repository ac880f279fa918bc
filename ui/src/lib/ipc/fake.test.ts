import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands";
import { FakeBackend, notInFakeMessage, replay } from "./fake";
import recorded from "./recorded.json";
import type { ErrorReport } from "./bindings";

describe("the test fake replays the core", () => {
  it("holds the core's answer to every command for every role", () => {
    expect(Object.keys(recorded.refusals).sort()).toEqual([...COMMANDS].sort());
  });

  it("refuses as the core does, with the name of whoever is signed in", async () => {
    const fake = new FakeBackend();
    fake.signInAs("volunteer", "Vic Volunteer");
    await expect(fake.syncLog()).rejects.toMatchObject({
      kind: "denied",
      message: "Signed in as Vic Volunteer (volunteer), you cannot send the partnership summary. Ask a manager if you need to.",
    });
    fake.signInAs("manager", "Vic Volunteer");
    await expect(fake.syncLog()).resolves.toEqual([]);
  });

  it("says so, naming the generator, when an answer was never recorded", () => {
    expect(() => replay("partnership", "preview_summary", { from: "2020-01-01", to: "2020-03-31" })).toThrow();
    try {
      replay("partnership", "preview_summary", { from: "2020-01-01", to: "2020-03-31" });
    } catch (error) {
      expect((error as { message: string }).message).toContain("src-tauri/tests/recorded.rs");
    }
  });
});

/** The calls recorded.rs makes for records that are not there (scenario "not-found"). */
type Call = { args: Record<string, never>; error?: ErrorReport };
const notFound = (recorded as unknown as { scenarios: Record<string, Record<string, Call[]>> }).scenarios["not-found"];

/** The same call asked of the fake, which looks the record up in its own state. */
const askFake: Record<string, (fake: FakeBackend, args: Record<string, never>) => Promise<unknown>> = {
  young_person: (fake, a) => fake.youngPerson(a.id),
  session: (fake, a) => fake.session(a.id),
  copy_template: (fake, a) => fake.copyTemplate(a.id, a.name),
  delete_template: (fake, a) => fake.deleteTemplate(a.id),
  check_saved_return: (fake, a) => fake.checkSavedReturn(a.id),
  update_project: (fake, a) => fake.updateProject(a.id, a.name, a.funder),
  relabel_circumstance: (fake, a) => fake.relabelCircumstance(a.code, a.label),
  add_incident: (fake, a) => fake.addIncident(a.input),
  incident: (fake, a) => fake.incident(a.id),
  update_user: (fake, a) => fake.updateUser(a.id, a.role, a.personId, a.active),
  erasure_preview: (fake, a) => fake.erasurePreview(a.youngPersonId),
  backup_preview: (fake, a) => fake.backupPreview(a.path),
};

describe("the fake's own lookups", () => {
  const calls = Object.entries(notFound).flatMap(([command, answers]) => answers.map((call) => [command, call] as const));

  it("cover every record-not-there answer recorded", () => {
    expect(calls.length).toBeGreaterThan(0);
    expect(Object.keys(notFound).filter((command) => !askFake[command])).toEqual([]);
  });

  it.each(calls)("say what the core says when %s finds nothing", async (command, call) => {
    expect(call.error, `the core refused ${command} ${JSON.stringify(call.args)}`).toBeDefined();
    const fake = new FakeBackend();
    await expect(askFake[command](fake, call.args)).rejects.toMatchObject({ kind: call.error!.kind, message: call.error!.message });
  });
});

describe("a command the fake holds no answer for", () => {
  const venue = { name: "New Hall", address: null, postcode: null };

  it("says so through notInFake, and the call is counted", async () => {
    const fake = new FakeBackend();
    await expect(fake.addVenue(venue)).rejects.toMatchObject({ kind: "invalid", message: notInFakeMessage("add_venue") });
    expect(fake.calls).toEqual(["add_venue"]);
  });

  it("answers failNext once, then says so again", async () => {
    const fake = new FakeBackend();
    const report: ErrorReport = { kind: "invalid", message: "Set by the test.", details: [], candidates: [] };
    fake.failNext.add_venue = report;
    await expect(fake.addVenue(venue)).rejects.toBe(report);
    await expect(fake.addVenue(venue)).rejects.toMatchObject({ message: notInFakeMessage("add_venue") });
    expect(fake.calls).toEqual(["add_venue", "add_venue"]);
  });

  it("refuses first as the core refuses the role signed in", async () => {
    const fake = new FakeBackend();
    fake.signInAs("volunteer", "Vic Volunteer");
    const refusal = recorded.refusals.add_venue.volunteer;
    expect(refusal).not.toBeNull();
    await expect(fake.addVenue(venue)).rejects.toMatchObject({ kind: "denied", message: refusal!.message.replace(recorded.name, "Vic Volunteer") });
  });

  it("leaves the commands the fake answers as it answers them", async () => {
    const fake = new FakeBackend();
    await expect(fake.venues()).resolves.toEqual(replay("new-club", "venues"));
  });
});

/** The core's answer recorded under `name` in the new club (recorded.rs). */
function coreSaid(name: string): ErrorReport {
  const calls = (recorded as unknown as { scenarios: Record<string, Record<string, Call[]>> }).scenarios["new-club"][name];
  expect(calls?.[0]?.error, `${name} is recorded as refused`).toBeDefined();
  return calls[0].error!;
}

describe("before the club is set up, the fake says what the core says", () => {
  it("to a logo chosen before the club's details", async () => {
    const fake = new FakeBackend();
    const core = coreSaid("choose_logo_before_details");
    await expect(fake.chooseLogo()).rejects.toMatchObject({ kind: core.kind, message: core.message });
    expect(fake.logo).toBe(false);
  });

  it("to a password changed before anyone has an account", async () => {
    const fake = new FakeBackend();
    fake.accounts = [];
    fake.signedIn = null;
    const core = coreSaid("change_own_secret_before_first_manager");
    await expect(fake.changeOwnSecret("", "password", "a brand new password")).rejects.toMatchObject({ kind: core.kind, message: core.message });
  });

  it("names the core's stand-in in the audit log for what is done before anyone has an account", async () => {
    const fake = new FakeBackend();
    fake.accounts = [];
    fake.signedIn = null;
    await fake.addUser({ name: "Lee Leader", role: "leader", person_id: null, secret_kind: "password", secret: "short and longer now" });
    // The log as the fake holds it: with an account made, reading it needs a sign-in.
    const [entry] = fake.auditEntries;
    const standIn = (recorded as unknown as { scenarios: Record<string, Record<string, { ok: object }[]>> }).scenarios["new-club"].audit_stand_in[0].ok;
    expect(entry.action).toBe("add someone who signs in");
    expect({ user_id: entry.user_id, user_name: entry.user_name, role: entry.role }).toEqual(standIn);
  });
});
