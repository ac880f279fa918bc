import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Welcome from "./Welcome.svelte";
import { freshClub } from "../../test/setup";
import { app } from "../../lib/app.svelte";

describe("the first start", () => {
  it("offers to set up a club or explore a demo", async () => {
    const user = userEvent.setup();
    freshClub();
    render(Welcome, {});
    expect(screen.getByTestId("explore-demo").textContent).toContain("Explore a demo club");
    await user.click(screen.getByTestId("setup-club"));
    expect(app.screen).toEqual({ name: "club", firstRun: true });
  });

  it("says plainly why the club file could not be opened", () => {
    freshClub();
    app.status!.problem = {
      kind: "database-too-new",
      message: "This club file was saved by a newer version of Clubroom.",
      details: [],
      candidates: [],
    };
    render(Welcome, {});
    expect(screen.getByTestId("open-problem").textContent).toContain("newer version of Clubroom");
    expect(screen.queryByTestId("setup-club")).toBeNull();
  });
});
