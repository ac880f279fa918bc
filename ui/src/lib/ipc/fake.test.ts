import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands";
import { FakeBackend, replay } from "./fake";
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
