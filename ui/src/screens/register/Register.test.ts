import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Register from "./Register.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

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
  it("lists regulars first, in the order the core ranks them", async () => {
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(entries().map((e) => e.dataset.name)).toEqual(["Ben Bright", "Ann Archer"]);
    expect(screen.getByTestId("present-count").textContent).toBe("0");
  });

  it("marks and unmarks with a click, saving each mark", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(within(entryNamed("Ann Archer")).getByRole("button", { name: "Mark Ann Archer" }));
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("true"));
    expect(screen.getByTestId("present-count").textContent).toBe("1");
    expect(fake.calls).toContain("mark_present");
    expect(app.toasts).toHaveLength(0);
    await user.click(within(entryNamed("Ann Archer")).getByRole("button", { name: "Unmark Ann Archer" }));
    await waitFor(() => expect(entryNamed("Ann Archer").dataset.present).toBe("false"));
    expect(fake.marks.get(sessionId)?.size).toBe(0);
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

  it("shows a failed mark's reason and leaves the person unmarked", async () => {
    const user = userEvent.setup();
    fake.failNext.mark_present = { kind: "invalid", message: "This session was cancelled.", details: [], candidates: [] };
    render(Register, { sessionId });
    await waitFor(() => expect(entries()).toHaveLength(2));
    await user.click(within(entryNamed("Ben Bright")).getByRole("button", { name: "Mark Ben Bright" }));
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

  it("saves session notes after a pause", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    await user.type(await screen.findByTestId("session-notes"), "Pool table broken");
    await screen.findByTestId("notes-saved", {}, { timeout: 3000 });
    expect(fake.sessions[0].notes).toBe("Pool table broken");
  });
});
