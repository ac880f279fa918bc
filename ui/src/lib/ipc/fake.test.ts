import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands";
import { FakeBackend, replay } from "./fake";
import recorded from "./recorded.json";

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
