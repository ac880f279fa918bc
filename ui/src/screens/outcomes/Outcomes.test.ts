import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import Outcomes from "./Outcomes.svelte";
import { freshClub } from "../../test/setup";

describe("what changed for young people", () => {
  it("shows coverage beside the change of the paired, item by item, with the sentence and n", async () => {
    const fake = freshClub();
    fake.distanceAnswer = {
      period: { from: "2026-04-01", to: "2027-03-31" },
      measures: [
        {
          code: "ons4",
          version: 1,
          name: "ONS personal well-being (ONS4)",
          attribution: "Source: Office for National Statistics",
          meaningful_change: 1,
          outcomes: [],
          coverage: { in_scope: 5, with_baseline: 3, paired: 2, declined: 1 },
          rows: [
            { question_id: "life-satisfaction", label: "Overall, how satisfied are you with your life nowadays?", higher_is_better: true, n: 2, improved: 1, no_change: 1, worse: 0, mean_before: 4.5, mean_after: 5.5 },
            { question_id: "anxious-yesterday", label: "Overall, how anxious did you feel yesterday?", higher_is_better: false, n: 1, improved: 1, no_change: 0, worse: 0, mean_before: 7, mean_after: 4 },
          ],
          sentence: "These figures are about the 2 young people who could be asked twice",
        },
      ],
    };
    render(Outcomes);
    const card = await screen.findByTestId("outcomes-measure-card");
    expect(within(card).getByTestId("coverage-in-scope").textContent).toBe("5");
    expect(within(card).getByTestId("coverage-paired").textContent).toBe("2");
    expect(within(card).getByTestId("outcomes-sentence").textContent).toContain("could be asked twice");
    const rows = within(card).getAllByTestId("outcomes-row");
    expect(rows[0].textContent).toContain("4.5");
    expect(rows[1].textContent).toContain("(lower is better)");
    expect(card.textContent).toContain("Office for National Statistics");
  });
});
