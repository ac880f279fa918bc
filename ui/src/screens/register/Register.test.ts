import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Register from "./Register.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app, refreshStatus } from "../../lib/app.svelte";

let fake: FakeBackend;
let sessionId: number;

beforeEach(() => {
  fake = freshClub();
  const ann = fake.addYoung("Ann", "Archer", "2014-01-01");
  const ben = fake.addYoung("Ben", "Bright", "2013-01-01");
  fake.addYoung("Cal", "Cross", "2012-01-01");
  fake.regulars = [ben.id, ann.id];
  sessionId = fake.addSessionToday("Tuesday Juniors").id;
});

const entries = () => screen.getAllByTestId("register-entry");
const entryNamed = (name: string) => entries().find((e) => e.dataset.name === name)!;

describe("taking a register", () => {
  it("counts a young person erased since they came as present, with no name", async () => {
    fake.erasedPresent.set(sessionId, 1);
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(screen.getByTestId("present-count").textContent).toBe("1");
    expect(screen.getByTestId("erased-present").textContent).toContain("1 of them was erased since");
    expect(entries().map((e) => e.dataset.name)).toEqual(["Ben Bright", "Ann Archer"]);
  });

  it("offers the paper register to those who may print the club's data, not to a volunteer", async () => {
    const { unmount } = render(Register, { sessionId });
    await screen.findByTestId("paper-register");
    unmount();
    fake.signInAs("volunteer", "Val Volunteer");
    await refreshStatus();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(screen.queryByTestId("paper-register")).toBeNull();
  });

  it("lists regulars first, in the order the core ranks them", async () => {
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(entries().map((e) => e.dataset.name)).toEqual(["Ben Bright", "Ann Archer"]);
    expect(screen.getByTestId("present-count").textContent).toBe("0");
  });

  it("marks with a click on the name, and unmarks only with a click on the tick", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(within(entryNamed("Ann Archer")).getByRole("button", { name: "Ann Archer, not present" }));
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("true"));
    expect(screen.getByTestId("present-count").textContent).toBe("1");
    expect(fake.calls).toContain("mark_present");
    // A second click on the name (a colleague marked her too) says so and unmarks no one.
    await user.click(within(entryNamed("Ann Archer")).getByRole("button", { name: "Ann Archer, present" }));
    expect(app.toasts.at(-1)?.message).toBe("Ann Archer is already here");
    expect(entryNamed("Ann Archer").dataset.present).toBe("true");
    expect(fake.calls).not.toContain("unmark");
    await user.click(within(entryNamed("Ann Archer")).getByRole("button", { name: "Unmark Ann Archer" }));
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("false"));
    expect(fake.marks.get(sessionId)?.size).toBe(0);
    expect(app.toasts.at(-1)?.message).toBe("Ann Archer is no longer marked present");
  });

  it("says “already here” on Enter or Space for someone present, and clears the search for the next name", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.type(search, "ann");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Ann Archer"]));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("true"));
    await user.type(search, "ann");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Ann Archer"]));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(app.toasts.at(-1)?.message).toBe("Ann Archer is already here"));
    expect(entryNamed("Ann Archer").dataset.present).toBe("true");
    expect((search as HTMLInputElement).value).toBe("");
    await user.keyboard("{ArrowDown}{ArrowDown} ");
    expect(entryNamed("Ann Archer").dataset.present).toBe("true");
    expect(fake.calls).not.toContain("unmark");
    expect(screen.getByTestId("present-count").textContent).toBe("1");
  });

  it("unmarks the chosen row with Delete, shown on the row, and Ctrl+Z puts the mark back", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.keyboard("{ArrowDown} ");
    await waitFor(() => expect(entryNamed("Ben Bright").dataset.present).toBe("true"));
    // The key that unmarks is shown on the chosen row once its person is here.
    expect(within(entryNamed("Ben Bright")).getByTestId("row-unmark-key").textContent).toContain("Delete unmarks");
    await user.keyboard("{Delete}");
    await waitFor(() => expect(entryNamed("Ben Bright").dataset.present).toBe("false"));
    expect(screen.getByTestId("present-count").textContent).toBe("0");
    await user.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(entryNamed("Ben Bright").dataset.present).toBe("true"));
    expect(app.toasts.at(-1)?.message).toBe("Undone: Ben Bright is marked present again");
    expect(document.activeElement).toBe(search);
  });

  it("undoes the last mark with Ctrl+Z, and the toast's Undo names the key", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await user.type(search, "cro");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Cal Cross"]));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("present-count").textContent).toBe("1"));
    expect(app.toasts.at(-1)?.action?.keys).toBe("Ctrl+Z");
    await user.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(screen.getByTestId("present-count").textContent).toBe("0"));
    expect(fake.marks.get(sessionId)?.size).toBe(0);
    // Nothing left to undo: a second Ctrl+Z changes nothing.
    await user.keyboard("{Control>}z{/Control}");
    expect(screen.getByTestId("present-count").textContent).toBe("0");
  });

  it("types a space in a name being typed, as the hint says, and marks with Space after the arrows", async () => {
    fake.addYoung("Kai", "Reid", "2012-05-05");
    fake.addYoung("Kai", "Smith", "2012-05-05");
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    expect(screen.getByText(/then/).closest("p")?.textContent).toMatch(/Enter\s*marks.*↑\s*↓\s*then\s*Space\s*marks.*Delete\s*unmarks.*Ctrl\s*\+\s*Z\s*undo/);
    await user.type(search, "kai s");
    expect((search as HTMLInputElement).value).toBe("kai s");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Kai Smith"]));
    expect(fake.calls).not.toContain("mark_present");
    await user.keyboard("{ArrowDown} ");
    await waitFor(() => expect(entryNamed("Kai Smith").dataset.present).toBe("true"));
  });

  it("says who was marked, once, with an Undo that unmarks them", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(within(entryNamed("Ann Archer")).getByRole("button", { name: "Ann Archer, not present" }));
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("true"));
    await user.click(within(entryNamed("Ben Bright")).getByRole("button", { name: "Ben Bright, not present" }));
    await waitFor(() => expect(entryNamed("Ben Bright").dataset.present).toBe("true"));
    // Only the latest mark has a toast: a queue of them would cover the list.
    expect(app.toasts.map((t) => t.message)).toEqual(["Marked Ben Bright present"]);
    app.toasts[0].action!.run();
    await waitFor(() => expect(entryNamed("Ben Bright").dataset.present).toBe("false"));
    expect(entryNamed("Ann Archer").dataset.present).toBe("true");
    expect(screen.getByTestId("present-count").textContent).toBe("1");
  });

  it("finds anyone by typing and marks them with Enter, then clears the search", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.type(search, "cro");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Cal Cross"]));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("present-count").textContent).toBe("1"));
    expect((search as HTMLInputElement).value).toBe("");
    expect(entryNamed("Cal Cross").dataset.present).toBe("true");
  });

  it("finds a name typed without its accents, among those expected and in the whole club", async () => {
    const sian = fake.addYoung("Siân", "Llŷr", "2013-02-03");
    fake.addYoung("Łucja", "Nowak", "2013-02-03");
    fake.addYoung("Zoë", "Ó Dálaigh", "2013-02-03");
    fake.regulars = [sian.id];
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(entries()).toHaveLength(1));
    await user.type(search, "sian llyr");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Siân Llŷr"]));
    await user.clear(search);
    await user.type(search, "lucja");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Łucja Nowak"]));
    await user.clear(search);
    await user.type(search, "zoe");
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Zoë Ó Dálaigh"]));
    expect(screen.queryByText(/No one called/)).toBeNull();
  });

  it("moves through matches with the arrow keys", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.type(search, "r");
    // Expected first (Ben, Ann), then everyone else who matches (Cal).
    await waitFor(() => expect(entries().map((e) => e.dataset.name)).toEqual(["Ben Bright", "Ann Archer", "Cal Cross"]));
    await user.keyboard("{ArrowDown}{Enter}");
    await waitFor(() => expect(screen.getByTestId("present-count").textContent).toBe("1"));
    expect(entryNamed("Ann Archer").dataset.present).toBe("true");
    expect(entryNamed("Ben Bright").dataset.present).toBe("false");
  });

  it("works down the expected list with the arrow keys and Space, without typing", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(document.activeElement).toBe(search);
    // Enter on an empty search, before any arrow key, marks nobody.
    await user.keyboard("{Enter}");
    expect(fake.calls).not.toContain("mark_present");
    await user.keyboard("{ArrowDown}{ArrowDown} ");
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("true"));
    expect(entryNamed("Ben Bright").dataset.present).toBe("false");
    await user.keyboard("{ArrowUp} ");
    await waitFor(() => expect(entryNamed("Ben Bright").dataset.present).toBe("true"));
    expect(screen.getByTestId("present-count").textContent).toBe("2");
    expect((search as HTMLInputElement).value).toBe("");
  });

  it("clears the search with Esc", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await user.type(search, "ben");
    await waitFor(() => expect(entries()).toHaveLength(1));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect((search as HTMLInputElement).value).toBe("");
  });

  it("shows a failed mark's reason and leaves the person unmarked", async () => {
    const user = userEvent.setup();
    fake.failNext.mark_present = { kind: "invalid", message: "This session was cancelled.", details: [], candidates: [] };
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(within(entryNamed("Ben Bright")).getByRole("button", { name: "Ben Bright, not present" }));
    await waitFor(() => expect(app.toasts.at(-1)?.message).toBe("This session was cancelled."));
    expect(entryNamed("Ben Bright").dataset.present).toBe("false");
    expect(screen.getByTestId("present-count").textContent).toBe("0");
  });

  it("adds someone new at the door and marks them present", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(screen.getByTestId("door-add"));
    await user.type(screen.getByTestId("door-first-name"), "Nia");
    await user.type(screen.getByTestId("door-last-name"), "Okafor");
    await user.type(screen.getByTestId("door-age"), "11");
    await user.click(screen.getByTestId("door-save"));
    await waitFor(() => expect(screen.getByTestId("present-count").textContent).toBe("1"));
    expect(entryNamed("Nia Okafor").dataset.present).toBe("true");
    expect(screen.queryByTestId("door-first-name")).toBeNull();
  });

  it("says beside the field what is wrong with a half-typed date of birth, and adds no one", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(screen.getByTestId("door-add"));
    expect(screen.getByTestId("door-form")).toHaveProperty("noValidate", true);
    await user.type(screen.getByTestId("door-first-name"), "Nia");
    await user.type(screen.getByTestId("door-last-name"), "Okafor");
    const dob = screen.getByTestId("door-dob") as HTMLInputElement;
    // Empty shows empty: no date in grey that looks filled in.
    expect(dob.value).toBe("");
    await user.type(dob, "14/03");
    await user.click(screen.getByTestId("door-save"));
    const problem = await screen.findByTestId("door-dob-problem");
    expect(problem.textContent).toBe("“14/03” is not a whole date. Write the whole date as day/month/year, like 14/03/2013.");
    expect(dob.getAttribute("aria-describedby")).toBe(problem.id);
    expect(fake.calls).not.toContain("add_at_door");
    expect(document.activeElement).toBe(dob);
    await user.type(dob, "/2015");
    expect(screen.queryByTestId("door-dob-problem")).toBeNull();
    await user.click(screen.getByTestId("door-save"));
    await waitFor(() => expect(entryNamed("Nia Okafor").dataset.present).toBe("true"));
    expect(fake.people.find((p) => p.profile.first_name === "Nia")?.profile.date_of_birth).toBe("2015-03-14");
  });

  it("says beside the field that an age is a whole number", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(screen.getByTestId("door-add"));
    await user.type(screen.getByTestId("door-first-name"), "Nia");
    await user.type(screen.getByTestId("door-last-name"), "Okafor");
    await user.type(screen.getByTestId("door-age"), "eleven");
    await user.click(screen.getByTestId("door-save"));
    expect((await screen.findByTestId("door-age-problem")).textContent).toContain("An age is a whole number of years");
    expect(fake.calls).not.toContain("add_at_door");
  });

  it("starts a door add with the name that found no one", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await user.type(search, "nia okafor");
    await user.click(await screen.findByRole("button", { name: /Add “nia okafor” as someone new/ }));
    expect((screen.getByTestId("door-first-name") as HTMLInputElement).value).toBe("Nia");
    expect((screen.getByTestId("door-last-name") as HTMLInputElement).value).toBe("Okafor");
    expect(document.activeElement).toBe(screen.getByTestId("door-dob"));
    await user.type(screen.getByTestId("door-age"), "12");
    await user.click(screen.getByTestId("door-save"));
    await waitFor(() => expect(entryNamed("Nia Okafor").dataset.present).toBe("true"));
    expect((search as HTMLInputElement).value).toBe("");
  });

  it("opens the door form with Ctrl+N, and Esc goes back to the search", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const search = await screen.findByTestId("register-search");
    await waitFor(() => expect(document.activeElement).toBe(search));
    await user.keyboard("{Control>}n{/Control}");
    expect(document.activeElement).toBe(screen.getByTestId("door-first-name"));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("door-first-name")).toBeNull();
    expect(document.activeElement).toBe(search);
    expect(fake.calls).not.toContain("add_at_door");
  });

  it("keeps Tab and Shift+Tab inside the door form and gives the focus back to the row it came from", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await screen.findByTestId("register-search");
    const row = within(entryNamed("Ann Archer")).getByRole("button", { name: "Ann Archer, not present" });
    row.focus();
    await user.keyboard("{Control>}n{/Control}");
    const dialog = screen.getByRole("dialog", { name: "New at the door" });
    expect(document.activeElement).toBe(screen.getByTestId("door-first-name"));
    const focusable = [...dialog.querySelectorAll<HTMLElement>("button:not([disabled]), input:not([disabled]), select:not([disabled])")];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    first.focus();
    await user.keyboard("{Shift>}{Tab}{/Shift}");
    expect(document.activeElement).toBe(last);
    await user.tab();
    expect(document.activeElement).toBe(first);
    for (let i = 0; i < focusable.length + 2; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(row);
  });

  it("shows a cancelled session plainly and takes no marks", async () => {
    fake.sessions[0].cancelled = true;
    fake.sessions[0].cancel_reason = "Hall flooded";
    render(Register, { sessionId });
    await screen.findByText(/This session was cancelled \(Hall flooded\)/);
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect((screen.getByTestId("register-search") as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId("door-add") as HTMLButtonElement).disabled).toBe(true);
    expect(within(entryNamed("Ann Archer")).getByRole("button", { name: "Ann Archer, not present" })).toHaveProperty("disabled", true);
  });

  it("warns at the door of someone who may already be on the list", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(screen.getByTestId("door-add"));
    await user.type(screen.getByTestId("door-first-name"), "Ann");
    await user.type(screen.getByTestId("door-last-name"), "Archer");
    await user.click(screen.getByTestId("door-save"));
    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning.textContent).toContain("may already be on the list");
    await user.click(within(warning).getByRole("button", { name: "Mark them present" }));
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("true"));
    expect(fake.people).toHaveLength(3);
  });

  it("warns at the door of someone on the list whose name was typed without its accents", async () => {
    // The core folds Siân Llŷr and Sian Llyr to one name; the fake compares by its recorded folds.
    fake.addYoung("Siân", "Llŷr", "2013-02-03");
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(screen.getByTestId("door-add"));
    await user.type(screen.getByTestId("door-first-name"), "Sian");
    await user.type(screen.getByTestId("door-last-name"), "Llyr");
    await user.click(screen.getByTestId("door-save"));
    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning.textContent).toContain("may already be on the list");
    expect(fake.people).toHaveLength(4);
  });

  it("saves session notes after a pause", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await user.type(await screen.findByTestId("session-notes"), "Pool table broken");
    await screen.findByTestId("notes-saved", {}, { timeout: 3000 });
    expect(fake.sessions[0].notes).toBe("Pool table broken");
  });
});
