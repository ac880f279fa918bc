import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
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

  it("shows who kept coming and who took a step for the period, each with its n", async () => {
    const fake = freshClub();
    fake.distanceAnswer = { period: { from: "2026-04-01", to: "2027-03-31" }, measures: [] };
    fake.engagementAnswer = {
      period: { from: "2026-04-01", to: "2027-03-31" },
      retention: [
        { months: 3, cohort: 2, retained: 1 },
        { months: 6, cohort: 0, retained: 0 },
      ],
      young_people: 3,
      weeks_engaged: 39,
      mean_weeks_engaged: 13,
    };
    fake.progressionCountsAnswer = {
      groups: [
        { grouping: "award", label: "Awards and accreditations", young_people: 1, steps: 2 },
        { grouping: "volunteering", label: "Volunteering", young_people: 1, steps: 1 },
        { grouping: "youth-voice", label: "Youth voice", young_people: 0, steps: 0 },
      ],
      young_people: 2,
    };
    render(Outcomes);
    const engagement = await screen.findByTestId("outcomes-engagement");
    const tiles = within(engagement).getAllByTestId("engagement-retention");
    expect(tiles.map((t) => t.dataset.months)).toEqual(["3", "6"]);
    expect(within(tiles[0]).getByTestId("engagement-retained").textContent).toBe("1");
    expect(within(tiles[0]).getByTestId("engagement-cohort").textContent).toBe("2");
    expect(tiles[0].textContent).toContain("still coming 3 months after their first session");
    // A cohort of none says so, rather than "0 of 0".
    expect(tiles[1].textContent).toContain("Nobody yet");
    expect(within(engagement).getByTestId("engagement-weeks").textContent).toMatch(/39\s+weeks engaged by\s+3 young people: 13 weeks each/);
    const progression = screen.getByTestId("outcomes-progression");
    expect(within(progression).getByTestId("progression-total").textContent).toBe("2 young people took a step in this period");
    const rows = within(progression).getAllByTestId("progression-group");
    expect(rows.map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ["Awards and accreditations", "1", "2"],
      ["Volunteering", "1", "1"],
      ["Youth voice", "0", "0"],
    ]);
  });

  it("asks for engagement and progression again for the period chosen", async () => {
    const fake = freshClub();
    fake.distanceAnswer = { period: { from: "2026-04-01", to: "2027-03-31" }, measures: [] };
    fake.engagementAnswer = { period: { from: "2026-04-01", to: "2027-03-31" }, retention: [], young_people: 0, weeks_engaged: 0, mean_weeks_engaged: null };
    fake.progressionCountsAnswer = { groups: [], young_people: 1 };
    render(Outcomes);
    expect((await screen.findByTestId("engagement-weeks")).textContent).toContain("Nobody came in this period");
    expect(screen.getByTestId("progression-total").textContent).toBe("1 young person took a step in this period");
    const asked = fake.calls.filter((c) => c === "sustained_engagement" || c === "progression_counts");
    expect(asked).toEqual(["sustained_engagement", "progression_counts"]);
    screen.getByTestId("outcomes-show").click();
    await waitFor(() => expect(fake.calls.filter((c) => c === "progression_counts").length).toBe(2));
    expect(fake.calls.filter((c) => c === "sustained_engagement").length).toBe(2);
  });
});
