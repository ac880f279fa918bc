import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
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

describe("the club's list of circumstances", () => {
  const items = () => screen.getAllByTestId("circumstance");
  const item = (code: string) => items().find((i) => i.dataset.code === code)!;

  it("adds, rewords and takes one off the list", async () => {
    const user = userEvent.setup();
    // A new club's list, as the core makes it (recorded).
    const listed = fake.circumstanceList.length;
    render(Settings, {});
    await waitFor(() => expect(items()).toHaveLength(listed));
    await user.type(screen.getByTestId("circumstance-new"), "Newly arrived in the UK");
    await user.click(screen.getByTestId("circumstance-add"));
    await waitFor(() => expect(items()).toHaveLength(listed + 1));
    expect(fake.circumstanceList.at(-1)).toEqual({ code: "newly-arrived-in-the-uk", label: "Newly arrived in the UK", archived: false });

    await user.click(within(item("poverty")).getByTestId("circumstance-rename"));
    const edit = within(item("poverty")).getByTestId("circumstance-label-edit");
    await user.clear(edit);
    await user.type(edit, "Living in low-income household");
    await user.click(within(item("poverty")).getByTestId("circumstance-rename-save"));
    await waitFor(() => expect(item("poverty").textContent).toContain("Living in low-income household"));
    expect(fake.circumstanceList[0].code).toBe("poverty");

    await user.click(within(item("bereavement")).getByTestId("circumstance-archive"));
    await waitFor(() => expect(item("bereavement").textContent).toContain("Off the list"));
    expect(fake.circumstanceList.find((c) => c.code === "bereavement")!.archived).toBe(true);
  });

  it("says when a circumstance is already on the list", async () => {
    const user = userEvent.setup();
    render(Settings, {});
    await waitFor(() => expect(items()).toHaveLength(fake.circumstanceList.length));
    await user.type(screen.getByTestId("circumstance-new"), "Young carer");
    await user.click(screen.getByTestId("circumstance-add"));
    expect((await screen.findByTestId("circumstance-error")).textContent).toContain("“Young carer” is already on the list.");
  });
});
