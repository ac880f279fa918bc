import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DataProtection from "./DataProtection.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

describe("the Data protection section of a young person", () => {
  it("downloads everything held as a PDF or JSON, and says nothing when the dialog is cancelled", async () => {
    const user = userEvent.setup();
    const jay = fake.addYoung("Jay", "Smith");
    render(DataProtection, { id: jay.id, name: "Jay Smith" });
    await user.click(screen.getByRole("button", { name: /PDF/ }));
    await waitFor(() => expect(app.toasts.at(-1)?.message).toBe("Saved everything held about Jay Smith to /tmp/everything-held.pdf."));
    await user.click(screen.getByRole("button", { name: /JSON/ }));
    await waitFor(() => expect(app.toasts.at(-1)?.message).toContain("/tmp/everything-held.json"));
    expect(fake.calls).toEqual(expect.arrayContaining(["save_subject_access_pdf", "save_subject_access_json"]));
    fake.accessSavedTo = null;
    app.toasts = [];
    await user.click(screen.getByRole("button", { name: /PDF/ }));
    await waitFor(() => expect(fake.calls.filter((c) => c === "save_subject_access_pdf")).toHaveLength(2));
    expect(app.toasts).toHaveLength(0);
  });

  it("erases only after the consequences are shown and the name is typed", async () => {
    const user = userEvent.setup();
    const jay = fake.addYoung("Jay", "Smith");
    render(DataProtection, { id: jay.id, name: "Jay Smith" });
    await user.click(screen.getByRole("button", { name: /Erase…/ }));
    const dialog = await screen.findByRole("dialog", { name: "Erase Jay Smith?" });
    expect(dialog.textContent).toContain("This cannot be undone");
    expect(dialog.textContent).toContain("in past figures and funder returns, with no name attached");
    const erase = screen.getByRole("button", { name: /Erase Jay Smith/ });
    expect((erase as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText("Their name, to confirm"), "Jay");
    expect((erase as HTMLButtonElement).disabled).toBe(true);
    expect(fake.calls).not.toContain("erase_young_person");
    await user.type(screen.getByLabelText("Their name, to confirm"), " smith");
    expect((erase as HTMLButtonElement).disabled).toBe(false);
    await user.click(erase);
    await waitFor(() => expect(app.toasts.at(-1)?.message).toContain("Jay Smith has been erased."));
    expect(fake.people.find((p) => p.id === jay.id)).toBeUndefined();
  });

  it("says which stories about them go and which anonymous ones stay", async () => {
    const user = userEvent.setup();
    const jay = fake.addYoung("Jay", "Smith");
    const story = (title: string, consent: "anonymous" | "named") =>
      fake.addStory({
        young_person_id: jay.id,
        kind: "case-study",
        title,
        body: "They lead the quiz now.",
        consent,
        consent_given_by: "young-person",
        told_on: fake.today,
        audience: "team",
        outcomes: [],
      });
    await story("Leading the quiz", "anonymous");
    await story("Jay's own words", "named");
    render(DataProtection, { id: jay.id, name: "Jay Smith" });
    await user.click(screen.getByRole("button", { name: /Erase…/ }));
    const dialog = await screen.findByRole("dialog", { name: "Erase Jay Smith?" });
    expect(dialog.textContent).toContain("delete 1 story about them: “Jay's own words”");
    expect(dialog.textContent).toMatch(/keep 1 anonymous story, linked to no one .*: “Leading the quiz”/s);
  });

  it("explains why someone named in the incident log cannot be erased", async () => {
    const user = userEvent.setup();
    const jay = fake.addYoung("Jay", "Smith");
    fake.incidentsNaming.set(jay.id, 1);
    render(DataProtection, { id: jay.id, name: "Jay Smith" });
    await user.click(screen.getByRole("button", { name: /Erase…/ }));
    expect((await screen.findByRole("alert")).textContent).toContain("named in the incident log");
    expect(screen.queryByLabelText("Their name, to confirm")).toBeNull();
  });
});
