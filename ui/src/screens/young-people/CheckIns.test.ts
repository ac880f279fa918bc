import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import CheckIns from "./CheckIns.svelte";
import { freshClub } from "../../test/setup";
import { app } from "../../lib/app.svelte";
import type { CheckIn } from "../../lib/ipc/bindings";

const ONS4 = {
  schema: "clubroom-measure/1",
  code: "ons4",
  version: 1,
  name: "ONS personal well-being (ONS4)",
  licence: "open" as const,
  attribution: "Source: Office for National Statistics",
  scoring: "per-item" as const,
  higher_is_better: true,
  meaningful_change: 1,
  outcomes: [],
  questions: [
    { id: "life-satisfaction", text: "Overall, how satisfied are you with your life nowadays?", scale: { min: 0, max: 10, labels: [] } },
    { id: "worthwhile", text: "Overall, to what extent do you feel that the things you do in your life are worthwhile?", scale: { min: 0, max: 10, labels: [] } },
  ],
};

function checkIn(over: Partial<CheckIn>): CheckIn {
  return { id: 1, young_person_id: 7, measure_code: "ons4", measure_version: 1, taken_on: "2026-11-24", wave: "baseline", mode: "self", declined: false, plan_id: null, recorded_by: "Priya Shah", answers: null, ...over };
}

describe("a young person's check-ins", () => {
  it("shows the answers the core sent, question by question, and a skipped one as no answer", async () => {
    const fake = freshClub();
    fake.measureList = [{ measure: ONS4, built_in: true, registered_by: null }];
    fake.checkInList = [checkIn({ answers: [{ question_id: "life-satisfaction", value: 8 }, { question_id: "worthwhile", value: null }] })];
    render(CheckIns, { id: 7 });
    const entry = await screen.findByTestId("checkin-entry");
    expect(entry.textContent).toContain("First check-in");
    expect(entry.textContent).toContain("recorded by Priya Shah");
    const answers = within(entry).getAllByTestId("checkin-answer");
    expect(answers.map((a) => a.textContent)).toEqual(["8", "no answer"]);
    expect(entry.textContent).toContain("Overall, how satisfied are you with your life nowadays?");
  });

  it("says whose eyes the answers are for when the core withheld them", async () => {
    const fake = freshClub();
    fake.measureList = [{ measure: ONS4, built_in: true, registered_by: null }];
    app.status!.signed_in = fake.signInAs("leader", "Lee Leader");
    fake.checkInList = [checkIn({ recorded_by: "Alex Manager" })];
    render(CheckIns, { id: 7 });
    expect((await screen.findByTestId("checkin-answers-withheld")).textContent).toBe("Answers seen by managers and Alex Manager.");
    expect(screen.queryByTestId("checkin-answer")).toBeNull();
  });

  it("tells a volunteer they see only what they recorded, and when that is nothing", async () => {
    const fake = freshClub();
    app.status!.signed_in = fake.signInAs("volunteer", "Priya Shah");
    render(CheckIns, { id: 7 });
    expect((await screen.findByTestId("checkins-none")).textContent).toBe("You have not recorded a check-in for them.");
    expect(screen.getByTestId("checkins-who-sees").textContent).toContain("only the check-ins you recorded yourself");
  });
});
