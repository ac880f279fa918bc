import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Home from "./Home.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

describe("the home screen", () => {
  it("shows today's sessions with a button to take each register", async () => {
    const user = userEvent.setup();
    fake.addYoung("Jay", "Smith", "2011-03-04");
    const session = fake.addSessionToday("Tuesday Juniors");
    render(Home, {});
    const card = await screen.findByTestId("today-session");
    expect(card.dataset.sessionId).toBe(String(session.id));
    expect(card.textContent).toContain("Tuesday Juniors");
    expect(screen.getByText(/Tuesday 24 November 2026/)).toBeTruthy();
    await user.click(within(card).getByTestId("open-register"));
    expect(app.screen).toEqual({ name: "register", sessionId: session.id });
  });

  it("shows a cancelled session as cancelled, with no register to take", async () => {
    const session = fake.addSessionToday("Tuesday Juniors");
    session.cancelled = true;
    session.cancel_reason = "Hall flooded";
    render(Home, {});
    const card = await screen.findByTestId("today-session");
    expect(card.textContent).toContain("Cancelled: Hall flooded");
    expect(within(card).queryByTestId("open-register")).toBeNull();
  });

  it("helps a new club get started", async () => {
    render(Home, {});
    const start = await screen.findByTestId("getting-started");
    expect(start.textContent).toContain("Set up your weekly sessions");
    expect(start.textContent).toContain("Add your young people");
  });
});
