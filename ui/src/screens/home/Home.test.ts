import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Home from "./Home.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app, refreshStatus, retrySummariesAtStart, retrySummariesWhileOpen } from "../../lib/app.svelte";

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

describe("the home screen cut to the person signed in", () => {
  async function recordConcern() {
    // The overview's counts and figures as the core cut them for each role on such a club.
    fake.scenario = "one-concern";
    const jay = fake.addYoung("Jay", "Smith", "2013-03-04").id;
    await fake.addIncident({
      occurred_on: fake.today,
      occurred_at: null,
      session_id: null,
      young_people: [jay],
      what_happened: "Jay said an older boy had been waiting for him after school.",
      action_taken: "Listened; told the safeguarding lead that evening.",
      referral: { to: [], detail: null, on: null },
      follow_up: null,
    });
  }

  it("shows a volunteer their sessions but no figures, concern counts or set-up steps", async () => {
    const session = fake.addSessionToday("Tuesday Juniors");
    await recordConcern();
    fake.signInAs("volunteer", "Val Volunteer");
    await refreshStatus();
    render(Home, {});
    const card = await screen.findByTestId("today-session");
    expect(card.dataset.sessionId).toBe(String(session.id));
    expect(screen.queryByTestId("figures")).toBeNull();
    expect(screen.queryByText(/Your figures/)).toBeNull();
    expect(screen.queryByTestId("home-concerns")).toBeNull();
    expect(screen.queryByTestId("getting-started")).toBeNull();
  });

  it("shows a leader the figures but not that the incident log holds anything", async () => {
    fake.addSessionToday("Tuesday Juniors");
    await recordConcern();
    fake.signInAs("leader", "Lee Leader");
    await refreshStatus();
    render(Home, {});
    await screen.findByTestId("figures");
    expect(screen.queryByTestId("home-concerns")).toBeNull();
  });

  it("shows a manager this quarter's concerns", async () => {
    fake.addSessionToday("Tuesday Juniors");
    await recordConcern();
    render(Home, {});
    expect((await screen.findByTestId("home-concerns")).textContent).toContain("1 concern recorded this quarter");
  });
});

describe("the partnership summary card", () => {
  const folder = { kind: "folder" as const, location: "/home/club/Partnership", user_name: null, calendar: "quarterly" as const, custom_periods: [] };
  beforeEach(() => {
    fake.club!.lyp_member_code = "COV-0042";
  });

  it("is not shown until the club says where summaries go", async () => {
    render(Home, {});
    await screen.findByTestId("figures");
    await waitFor(() => expect(fake.calls).toContain("summary_outbox"));
    expect(screen.queryByTestId("home-partnership")).toBeNull();
  });

  it("says the last full quarter is due, then sent, and leads to the Partnership screen", async () => {
    const user = userEvent.setup();
    fake.destination = folder;
    const { unmount } = render(Home, {});
    const card = await screen.findByTestId("home-partnership");
    expect(card.dataset.state).toBe("due");
    expect(card.textContent).toContain("1 Jul 2026 to 30 Sep 2026");
    unmount();

    await fake.sendSummary("2026-07-01", "2026-09-30", false);
    render(Home, {});
    const sent = await screen.findByTestId("home-partnership");
    expect(sent.dataset.state).toBe("sent");
    expect(sent.textContent).toContain("Sent");
    await user.click(sent);
    expect(app.screen).toEqual({ name: "partnership" });
  });

  it("shows a failed delivery with its reason", async () => {
    fake.destination = folder;
    fake.deliveryFailure = { status: "failed", message: "The folder could not be written: the disk is full." };
    await fake.sendSummary("2026-07-01", "2026-09-30", false);
    render(Home, {});
    const card = await screen.findByTestId("home-partnership");
    expect(card.dataset.state).toBe("failed");
    expect(card.textContent).toContain("Not delivered");
    expect(card.textContent).toContain("the disk is full");
  });

  it("tries waiting summaries again once when the app starts, quietly if that fails", async () => {
    fake.failNext["retry_summaries"] = { kind: "file", message: "offline", details: [], candidates: [] };
    retrySummariesAtStart();
    retrySummariesAtStart();
    await waitFor(() => expect(fake.calls.filter((c) => c === "retry_summaries").length).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.toasts).toEqual([]);
  });

  it("tries everything waiting when the network comes back, and what is due on a timer", async () => {
    const count = () => fake.calls.filter((c) => c === "retry_summaries").length;
    const before = count();
    const stop = retrySummariesWhileOpen(60_000);
    window.dispatchEvent(new Event("online"));
    await waitFor(() => expect(count()).toBe(before + 1));
    stop();
    window.dispatchEvent(new Event("online"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count()).toBe(before + 1);

    const stopTimer = retrySummariesWhileOpen(10);
    await waitFor(() => expect(count()).toBeGreaterThanOrEqual(before + 3));
    stopTimer();
    const after = count();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(count()).toBe(after);
  });
});
