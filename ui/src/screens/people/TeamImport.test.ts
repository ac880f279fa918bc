import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import People from "./People.svelte";
import YoungPeople from "../young-people/YoungPeople.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;

beforeEach(() => {
  fake = freshClub();
});

describe("importing staff, volunteers and training on the Staff page", () => {
  it("imports staff and volunteers from a spreadsheet and says what it did", async () => {
    const user = userEvent.setup();
    fake.importOutcome = { rows: 3, added: 2, updated: 1, unchanged: 0, sessions_added: 0 };
    render(People, { tab: "team" });
    expect(screen.getByTestId("people-import")).toBeTruthy();
    await user.click(await screen.findByTestId("import-people"));
    const result = await screen.findByTestId("team-import-result");
    expect(result.textContent).toContain("Imported staff and volunteers from 3 rows: 2 added, 1 updated, 0 unchanged.");
    expect(fake.calls).toContain("import_people");
  });

  it("lists every bad row of a training file and saves nothing", async () => {
    const user = userEvent.setup();
    fake.failNext.import_training = {
      kind: "import",
      message: "Nothing was imported from training.csv: 1 row has a problem.",
      details: ["Line 3, column course: “Fist aid” is not a course in your catalogue"],
      candidates: [],
    };
    render(People, { tab: "team" });
    await user.click(await screen.findByTestId("import-training"));
    const errors = await screen.findByTestId("team-import-errors");
    expect(within(errors).getByText(/Line 3, column course/)).toBeTruthy();
    expect(screen.queryByTestId("team-import-result")).toBeNull();
  });

  it("offers import from the young people list once the club has people", async () => {
    const user = userEvent.setup();
    fake.addYoung("Jay", "Smith", "2011-03-04");
    render(YoungPeople, {});
    await waitFor(() => expect(screen.getAllByTestId("yp-row")).toHaveLength(1));
    await user.click(screen.getByTestId("yp-import"));
    expect(app.screen).toEqual({ name: "settings" });
  });
});
