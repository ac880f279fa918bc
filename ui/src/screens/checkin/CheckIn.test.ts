import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Register from "../register/Register.svelte";
import { freshClub } from "../../test/setup";
import { app, toast } from "../../lib/app.svelte";
import type { FakeBackend } from "../../lib/ipc/fake";
import type { Measure } from "../../lib/ipc/bindings";
// The real built-in measure, as the core ships it.
import ons4 from "../../../../assets/measures/ons4.json";

let fake: FakeBackend;
let sessionId: number;
let annId: number;

beforeEach(async () => {
  fake = freshClub();
  // Ann is 12: the anxiety question (from 16) is not asked.
  const ann = fake.addYoung("Ann", "Archer", "2014-01-01");
  annId = ann.id;
  fake.regulars = [ann.id];
  sessionId = fake.addSessionToday("Tuesday Juniors").id;
  await fake.markPresent(sessionId, ann.id);
  fake.measureList = [{ measure: ons4 as unknown as Measure, built_in: true, registered_by: null }];
  fake.dueList = [{ young_person_id: ann.id, plan_id: 1, measure_code: "ons4", wave: "baseline" }];
});

async function openCheckIn(user: ReturnType<typeof userEvent.setup>) {
  render(Register, { sessionId });
  await user.click(await screen.findByTestId("checkin-due"));
  return screen.findByTestId("checkin");
}

describe("a check-in from the register", () => {
  it("shows the young person none of the worker's messages, which name others", async () => {
    const user = userEvent.setup();
    toast("Marked Ben Bright present", "success");
    expect(app.toasts).toHaveLength(1);
    await openCheckIn(user);
    expect(app.toasts).toHaveLength(0);
  });

  it("shows a quiet badge and takes a baseline one question at a time by keyboard", async () => {
    const user = userEvent.setup();
    expect((await openCheckIn(user)).getAttribute("aria-modal")).toBe("true");
    expect(screen.getByTestId("checkin-progress").textContent).toBe("Question 1 of 3");
    expect(screen.getByTestId("checkin-attribution").textContent).toContain("Office for National Statistics");
    await user.keyboard("7");
    expect(screen.getByRole("radio", { checked: true }).dataset.value).toBe("7");
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("checkin-question").textContent).toContain("worthwhile");
    // Two digits quickly make 10.
    await user.keyboard("10{Enter}");
    // The last question skipped: S.
    await user.keyboard("s");
    await waitFor(() => expect(fake.checkInsRecorded).toHaveLength(1));
    const saved = fake.checkInsRecorded[0];
    expect(saved).toMatchObject({ young_person_id: annId, measure_code: "ons4", wave: "baseline", declined: false, plan_id: 1 });
    expect(saved.answers).toEqual([
      { question_id: "life-satisfaction", value: 7 },
      { question_id: "worthwhile", value: 10 },
      { question_id: "happy-yesterday", value: null },
    ]);
    await waitFor(() => expect(screen.queryByTestId("checkin")).toBeNull());
    await waitFor(() => expect(screen.queryByTestId("checkin-due")).toBeNull());
  });

  it("says in words what the badge is, opens with Enter, and says how to answer and skip", async () => {
    const user = userEvent.setup();
    render(Register, { sessionId });
    const badge = await screen.findByTestId("checkin-due");
    expect(badge.textContent?.trim()).toBe("Check-in due: first");
    // Its name starts with the words it shows (WCAG 2.5.3) and says who it is for.
    expect(badge.getAttribute("aria-label")).toBe("Check-in due: first, for Ann Archer");
    expect(screen.getByTestId("checkin-hint").textContent).toContain("1 check-in is due tonight");
    badge.focus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("checkin");
    const how = screen.getByTestId("checkin-how").textContent ?? "";
    expect(how).toContain("Choose the answer that fits best");
    expect(how).toContain("you can skip any question");
    await user.keyboard("5{Enter}");
    expect(screen.queryByTestId("checkin-how")).toBeNull();
  });

  it("records I'd rather not as declined, with no answers", async () => {
    const user = userEvent.setup();
    await openCheckIn(user);
    await user.click(screen.getByTestId("checkin-decline"));
    await waitFor(() => expect(fake.checkInsRecorded).toHaveLength(1));
    expect(fake.checkInsRecorded[0]).toMatchObject({ declined: true, answers: [] });
  });

  it("leaves with Esc and saves nothing; touch picks and goes on", async () => {
    const user = userEvent.setup();
    await openCheckIn(user);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("checkin")).toBeNull());
    expect(fake.checkInsRecorded).toHaveLength(0);
    await user.click(screen.getByTestId("checkin-due"));
    const points = await screen.findAllByTestId("checkin-point");
    expect(points).toHaveLength(11);
    await user.click(points[4]);
    await user.click(screen.getByTestId("checkin-next"));
    expect(screen.getByTestId("checkin-progress").textContent).toBe("Question 2 of 3");
  });
});
