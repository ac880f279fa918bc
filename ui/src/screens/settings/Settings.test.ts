import { describe, expect, it, beforeEach } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Settings from "./Settings.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

describe("importing from a spreadsheet", () => {
  it("lists every bad row once when nothing was imported", async () => {
    const user = userEvent.setup();
    const details = ["Line 3, column first_name: this cell is empty but required", "Line 4, column date_of_birth: “31/02/2012” is not a date"];
    fake.failNext.import_young_people = {
      kind: "import",
      message: `The young people file has 2 problems, so nothing was imported:\n${details.join("\n")}`,
      details,
      candidates: [],
    };
    render(Settings, {});
    await user.click(screen.getByTestId("import-young-people"));
    const errors = await screen.findByTestId("import-errors");
    expect(errors.textContent).toContain("so nothing was imported");
    for (const line of details) expect(errors.textContent!.split(line).length - 1).toBe(1);
    expect(screen.queryByTestId("import-result")).toBeNull();
  });

  it("says what an import added, updated and left alone", async () => {
    const user = userEvent.setup();
    fake.importOutcome = { rows: 55, added: 12, updated: 3, unchanged: 40, sessions_added: 0 };
    render(Settings, {});
    await user.click(screen.getByTestId("import-attendance"));
    const result = await screen.findByTestId("import-result");
    expect(result.textContent).toContain("12 added, 3 updated, 40 unchanged");
  });

  it("changes nothing when the file dialog is cancelled", async () => {
    const user = userEvent.setup();
    render(Settings, {});
    await user.click(screen.getByTestId("import-young-people"));
    expect(fake.calls).toContain("import_young_people");
    expect(screen.queryByTestId("import-result")).toBeNull();
    expect(screen.queryByTestId("import-errors")).toBeNull();
  });
});
