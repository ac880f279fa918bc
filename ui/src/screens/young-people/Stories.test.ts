import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import Stories from "./Stories.svelte";
import { freshClub } from "../../test/setup";

describe("a young person's stories", () => {
  it("shows what the core's check found before a story is recorded, and after", async () => {
    const fake = freshClub();
    fake.storyFindings = [{ found: "name", words: "Amy", message: "it names the young person (“Amy”)." }];
    render(Stories, { id: 1 });
    await fireEvent.input(screen.getByTestId("story-title"), { target: { value: "Speaking up" } });
    await fireEvent.input(screen.getByTestId("story-body"), { target: { value: "Amy spoke at the forum." } });
    await fireEvent.click(screen.getByTestId("story-check"));
    expect((await screen.findByTestId("story-check-finding")).textContent).toContain("it names the young person");
    await fireEvent.click(screen.getByTestId("story-add"));
    const story = await screen.findByTestId("story");
    expect(story.textContent).toContain("Speaking up");
    expect(screen.getByTestId("story-finding").textContent).toContain("Before it can go in a return");
    expect(screen.queryByTestId("story-ready")).toBeNull();
  });

  it("says a story with nothing found can go in a return", async () => {
    const fake = freshClub();
    fake.storyFindings = [];
    render(Stories, { id: 1 });
    await fireEvent.input(screen.getByTestId("story-title"), { target: { value: "Speaking up" } });
    await fireEvent.input(screen.getByTestId("story-body"), { target: { value: "She spoke at the forum." } });
    await fireEvent.click(screen.getByTestId("story-check"));
    expect((await screen.findByTestId("story-check-clear")).textContent).toContain("Nothing found");
    await fireEvent.click(screen.getByTestId("story-add"));
    expect(await screen.findByTestId("story-ready")).toBeTruthy();
  });
});
