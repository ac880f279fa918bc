import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Sessions from "./Sessions.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;
let sessionId: number;
beforeEach(() => {
  fake = freshClub();
  sessionId = fake.addSessionToday("Tuesday Juniors").id;
});

describe("the week's sessions", () => {
  it("cancels one date with a reason, then restores it", async () => {
    const user = userEvent.setup();
    render(Sessions, {});
    const row = await screen.findByTestId("session-row");
    expect(row.dataset.sessionId).toBe(String(sessionId));
    await user.click(within(row).getByTestId("session-cancel"));
    await user.type(screen.getByTestId("cancel-reason"), "Hall flooded");
    await user.click(screen.getByTestId("cancel-confirm"));
    await screen.findByText("Cancelled: Hall flooded");
    expect(screen.queryByTestId("session-cancel")).toBeNull();
    expect(fake.sessions[0].cancel_reason).toBe("Hall flooded");
    await user.click(screen.getByTestId("session-restore"));
    await waitFor(() => expect(screen.getByTestId("session-cancel")).toBeTruthy());
    expect(fake.sessions[0].cancelled).toBe(false);
  });

  it("opens today's register from the week", async () => {
    const user = userEvent.setup();
    render(Sessions, {});
    const row = await screen.findByTestId("session-row");
    await user.click(within(row).getByTestId("open-register"));
    expect(app.screen).toEqual({ name: "register", sessionId });
  });
});
