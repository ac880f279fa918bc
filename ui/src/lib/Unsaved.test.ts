// Unsaved changes: leaving a form, or closing the window, asks "Save / Discard / Keep editing".
import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../App.svelte";
import { freshClub } from "../test/setup";
import type { FakeBackend } from "./ipc/fake";
import { app } from "./app.svelte";

let fake: FakeBackend;
let zaraId: number;

beforeEach(() => {
  fake = freshClub();
  zaraId = fake.addYoung("Zara", "Ahmed", "2012-05-04").id;
  app.unsaved = [];
  app.leaving = null;
});

async function openZara() {
  app.loading = true;
  app.screen = { name: "young-person", id: zaraId };
  render(App, {});
  return (await screen.findByLabelText("Medical notes")) as HTMLTextAreaElement;
}

describe("unsaved changes", () => {
  it("does not ask when nothing was changed", async () => {
    const user = userEvent.setup();
    await openZara();
    await user.click(screen.getByTestId("nav-home"));
    await waitFor(() => expect(app.screen.name).toBe("home"));
    expect(screen.queryByTestId("unsaved-changes")).toBeNull();
    const sam = { id: 90, name: "Sam Patel", email: null, phone: null, paid: true, roles: ["lead"], started_on: "2024-09-01", left_on: null, archived: false } as FakeBackend["adults"][number];
    fake.adults.push(sam);
    app.screen = { name: "person", id: 90 };
    await screen.findByDisplayValue("Sam Patel");
    await user.click(screen.getByTestId("nav-home"));
    await waitFor(() => expect(app.screen.name).toBe("home"));
    expect(screen.queryByTestId("unsaved-changes")).toBeNull();
  });

  it("asks before leaving a young person's page with an edited medical note, and keeps editing", async () => {
    const user = userEvent.setup();
    const notes = await openZara();
    await user.type(notes, "Asthma: inhaler in her bag");
    await waitFor(() => expect(fake.unsavedChanges).toBe(true));
    await user.click(screen.getByTestId("nav-home"));
    const dialog = await screen.findByTestId("unsaved-changes");
    expect(dialog.textContent).toContain("Your changes to Zara Ahmed’s details are not saved yet.");
    expect(app.screen.name).toBe("young-person");
    await user.click(screen.getByTestId("unsaved-keep"));
    expect(screen.queryByTestId("unsaved-changes")).toBeNull();
    expect(app.screen.name).toBe("young-person");
    expect((screen.getByLabelText("Medical notes") as HTMLTextAreaElement).value).toBe("Asthma: inhaler in her bag");
  });

  it("saves the changes and then leaves", async () => {
    const user = userEvent.setup();
    const notes = await openZara();
    await user.type(notes, "Nut allergy");
    await user.click(screen.getByTestId("nav-home"));
    await user.click(await screen.findByTestId("unsaved-save"));
    await waitFor(() => expect(app.screen.name).toBe("home"));
    expect(fake.people.find((p) => p.id === zaraId)?.profile.medical_notes).toBe("Nut allergy");
    await waitFor(() => expect(fake.unsavedChanges).toBe(false));
  });

  it("discards the changes and leaves", async () => {
    const user = userEvent.setup();
    const notes = await openZara();
    await user.type(notes, "Nut allergy");
    await user.click(screen.getByTestId("nav-home"));
    await user.click(await screen.findByTestId("unsaved-discard"));
    await waitFor(() => expect(app.screen.name).toBe("home"));
    expect(fake.people.find((p) => p.id === zaraId)?.profile.medical_notes ?? null).toBeNull();
  });

  it("asks before leaving a half-filled Add a young person form, and does not ask once it is saved", async () => {
    const user = userEvent.setup();
    app.loading = true;
    app.screen = { name: "young-person", id: null };
    render(App, {});
    await user.type(await screen.findByTestId("yp-first-name"), "Nia");
    await user.click(screen.getByTestId("nav-sessions"));
    expect((await screen.findByTestId("unsaved-changes")).textContent).toContain("the new young person");
    await user.click(screen.getByTestId("unsaved-keep"));
    await user.type(screen.getByTestId("yp-last-name"), "Okafor");
    await user.click(screen.getByTestId("yp-save"));
    await waitFor(() => expect(app.screen.name).toBe("young-people"));
    expect(screen.queryByTestId("unsaved-changes")).toBeNull();
  });

  it("holds the window's close while a form has unsaved changes, and closes once they are discarded", async () => {
    const user = userEvent.setup();
    const notes = await openZara();
    await user.type(notes, "Epipen");
    await waitFor(() => expect(fake.unsavedChanges).toBe(true));
    // What the app sends the page when the window's close is held (src-tauri lib.rs).
    window.dispatchEvent(new Event("clubroom-close-requested"));
    await screen.findByTestId("unsaved-changes");
    expect(fake.windowClosed).toBe(false);
    await user.click(screen.getByTestId("unsaved-discard"));
    await waitFor(() => expect(fake.windowClosed).toBe(true));
  });

  it("goes on without asking once a save that was under way has finished", async () => {
    const user = userEvent.setup();
    app.loading = true;
    app.screen = { name: "young-person", id: null };
    render(App, {});
    await user.type(await screen.findByTestId("yp-first-name"), "Nia");
    await user.type(screen.getByTestId("yp-last-name"), "Okafor");
    // Save, then the menu at once, before the save has answered.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const add = fake.addYoungPerson;
    fake.addYoungPerson = async (...args: Parameters<typeof add>) => {
      await answered;
      return add(...args);
    };
    await user.click(screen.getByTestId("yp-save"));
    await user.click(screen.getByTestId("nav-sessions"));
    await screen.findByTestId("unsaved-changes");
    answer();
    await waitFor(() => expect(app.screen.name).toBe("sessions"));
    expect(screen.queryByTestId("unsaved-changes")).toBeNull();
    expect(fake.people.some((p) => p.profile.first_name === "Nia")).toBe(true);
  });

  it("asks before leaving a staff member's page with changes", async () => {
    const user = userEvent.setup();
    app.loading = true;
    app.screen = { name: "person", id: null };
    render(App, {});
    await user.type(await screen.findByTestId("person-name"), "Sam Patel");
    await user.click(screen.getByTestId("nav-home"));
    expect((await screen.findByTestId("unsaved-changes")).textContent).toContain("the new member of staff");
  });
});
