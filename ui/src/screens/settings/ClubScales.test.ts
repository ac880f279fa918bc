import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ClubScales from "./ClubScales.svelte";
import { freshClub } from "../../test/setup";

describe("a club scale made without code", () => {
  it("saves statements on a three-point scale as a measure of the club's own", async () => {
    const user = userEvent.setup();
    const fake = freshClub();
    render(ClubScales);
    await user.type(await screen.findByTestId("scale-name"), "Speaking up");
    await user.type(screen.getByTestId("scale-statement"), "I feel confident speaking in a group");
    await user.click(screen.getByTestId("scale-add-statement"));
    await user.type(screen.getAllByTestId("scale-statement")[1], "I can talk to new people");
    await user.click(screen.getByTestId("scale-three"));
    await user.click(screen.getByTestId("scale-save"));
    await waitFor(() => expect(fake.measureList).toHaveLength(1));
    const saved = fake.measureList[0].measure;
    expect(saved).toMatchObject({ code: "speaking-up", licence: "club", scoring: "mean" });
    expect(saved.questions.map((q) => q.text)).toEqual(["I feel confident speaking in a group", "I can talk to new people"]);
    expect(saved.questions[0].scale.labels.map((l) => l.label)).toEqual(["Not yet", "Getting there", "Yes"]);
    await waitFor(() => expect(screen.getAllByTestId("club-scale")).toHaveLength(1));
  });
});

describe("the list of scales", () => {
  it("puts a registered questionnaire's copyright line under its name, its registration said with a space", async () => {
    const fake = freshClub();
    fake.measureList = [
      {
        measure: {
          code: "made-up-registered",
          name: "Made-up Registered Scale",
          licence: "registration",
          attribution: "© Pretend Measures Trust 2026. Used under registration.",
          questions: [],
        },
        built_in: false,
        registered_by: "Alex Manager",
      } as unknown as (typeof fake.measureList)[number],
    ];
    render(ClubScales);
    const item = await screen.findByTestId("club-scale");
    expect(item.textContent?.replace(/\s+/g, " ")).toContain("0 questions · used under registration · registration confirmed by Alex Manager");
    expect(item.children).toHaveLength(2);
    expect(item.children[1].textContent).toBe("© Pretend Measures Trust 2026. Used under registration.");
  });
});
