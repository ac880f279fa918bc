import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ImportWizard from "./ImportWizard.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../ipc/fake";
import type { Mapping, Proposal } from "../ipc/bindings";

let fake: FakeBackend;

/** The core's counts of a young people file's rows by status (none: another kind of file). */
const noRows = { new: 0, update: 0, unchanged: 0, doubtful: 0 };

/** A proposal shaped as the core makes one for an OSM-style members workbook (synthetic). */
function proposal(): Proposal {
  const mapping: Mapping = {
    format: "clubroom-import-mapping/1",
    kind: "young-people",
    source: "",
    sheet: "Members",
    columns: [
      { header: "First Name", field: "first_name" },
      { header: "Last Name", field: "last_name" },
      { header: "Patrol", field: null },
      { header: "Gender", field: "gender" },
    ],
    values: { gender: { Boy: "male", Girl: "female", Robot: null } },
    register: null,
    confirmed_new: [],
    same_as: {},
  };
  return {
    file: { kind: "workbook", sheets: ["Members", "Leaders"], sheet: "Members" },
    header_line: 3,
    two_row_header: true,
    rows: 2,
    sample: [["Ada", "Lovelace", "Owls", "Girl"]],
    mapping,
    saved: null,
    fields: [
      { name: "first_name", codes: [] },
      { name: "last_name", codes: [] },
      { name: "ref", codes: [] },
      { name: "gender", codes: ["female", "male", "non-binary", "other", "prefer not to say", "unknown"] },
    ],
    series: [],
  };
}

/** The core's proposal for an old register (a column of marks per Tuesday) in a club with
 *  a Tuesday and a Thursday series (synthetic). */
function registerProposal(): Proposal {
  return {
    ...proposal(),
    file: { kind: "csv", delimiter: "comma", encoding: "utf8" },
    mapping: {
      format: "clubroom-import-mapping/1",
      kind: "attendance",
      source: "",
      sheet: null,
      columns: [
        { header: "Name", field: "name" },
        { header: "07/10/25", field: "marks" },
        { header: "14-10-2025", field: "marks" },
      ],
      values: { marks: { "✓": "present", A: "absent" } },
      register: { session: "Club night", start: "18:00", end: "20:00", type: "open-access", venue: null, series_id: null },
      confirmed_new: [],
      same_as: {},
    },
    fields: [
      { name: "name", codes: [] },
      { name: "marks", codes: ["present", "absent"] },
    ],
    series: [
      { series_id: 3, name: "Tuesday Juniors", weekday: 2, start: "18:00", end: "20:00", dates_on_weekday: 2, dates: 2, suggested: true },
      { series_id: 4, name: "Thursday Seniors", weekday: 4, start: "19:00", end: "21:00", dates_on_weekday: 0, dates: 2, suggested: false },
    ],
  };
}

beforeEach(() => {
  fake = freshClub();
  fake.wizardProposal = proposal();
});

async function openFile() {
  const user = userEvent.setup();
  render(ImportWizard, { id: "w", kinds: [{ kind: "young-people", label: "Young people" }] });
  await user.click(screen.getByTestId("w-choose"));
  await screen.findByTestId("w-columns");
  return user;
}

describe("the import wizard", () => {
  it("shows each column beside its suggested field, each value beside its suggested category, and flags the unchosen", async () => {
    await openFile();
    expect(screen.getByTestId("w-read").textContent).toContain("line 3 (two rows, joined)");
    const columns = screen.getAllByTestId("w-column") as HTMLSelectElement[];
    expect(columns.map((c) => c.value)).toEqual(["first_name", "last_name", "", "gender"]);
    // Every control is named by its label (the column's header, the value).
    expect((screen.getByLabelText("Patrol") as HTMLSelectElement).selectedOptions[0].textContent).toBe("Leave out");
    expect((screen.getByLabelText("Boy") as HTMLSelectElement).value).toBe("male");
    expect((screen.getByLabelText("Robot") as HTMLSelectElement).selectedOptions[0].textContent).toBe("Not chosen");
    expect(screen.getByTestId("w-unmapped").textContent).toContain("1 value not chosen");
    expect((screen.getByTestId("w-import") as HTMLButtonElement).disabled).toBe(true);
  });

  it("lists every problem row of the dry run by line, column and reason, and imports nothing", async () => {
    fake.wizardPreview = () => ({
      dry_run: true,
      outcome: null,
      problems: [{ line: 5, column: "Gender", reason: "“Robot” is not mapped to a Clubroom value", likely: null }],
      problems_total: 1,
      notes: [],
      people: [],
      people_counts: noRows,
      people_not_listed: noRows,
    });
    const user = await openFile();
    await user.click(screen.getByTestId("w-check"));
    const problems = await screen.findByTestId("w-problems");
    const cells = within(problems).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["5", "Gender", "“Robot” is not mapped to a Clubroom value"]);
    expect(screen.getByTestId("w-preview").textContent).toContain("1 row with problems");
    expect((screen.getByTestId("w-import") as HTMLButtonElement).disabled).toBe(true);
    expect(fake.wizardSent.map((s) => s.command)).toEqual(["preview"]);
  });

  it("sends the user's changed column and value to the dry run, says its counts, then imports with the same mapping", async () => {
    fake.wizardPreview = (mapping) => ({
      dry_run: true,
      outcome: { rows: 2, added: mapping.columns[2].field === "ref" ? 2 : 0, updated: 0, unchanged: 0, sessions_added: 0 },
      problems: [],
      problems_total: 0,
      notes: [],
      people: [],
      people_counts: noRows,
      people_not_listed: noRows,
    });
    const user = await openFile();
    await user.selectOptions(screen.getByLabelText("Patrol"), "ref");
    await user.selectOptions(screen.getByLabelText("Robot"), "other");
    await user.type(screen.getByLabelText("Save this mapping as (optional)"), "OSM members");
    await user.click(screen.getByTestId("w-check"));
    expect((await screen.findByTestId("w-preview")).textContent).toContain("The import would bring in 2 rows: 2 new, 0 updated, 0 unchanged.");
    const sent = fake.wizardSent[0].mapping;
    expect(sent.columns[2]).toEqual({ header: "Patrol", field: "ref" });
    expect(sent.values.gender).toEqual({ Boy: "male", Girl: "female", Robot: "other" });
    expect(sent.source).toBe("OSM members");

    await user.click(screen.getByTestId("w-import"));
    expect((await screen.findByTestId("w-imported")).textContent).toContain("Imported 2 rows: 2 new");
    expect(fake.wizardSent.map((s) => s.command)).toEqual(["preview", "import"]);
    expect(fake.wizardSent[1].mapping).toEqual(sent);
  });
  it("keeps what the user typed while the core was asked about a changed column", async () => {
    const user = await openFile();
    // The core's answer about the newly chosen column is held until the user has typed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ask = fake.proposeImport;
    fake.proposeImport = async (...args) => (await held, ask(...args));
    await user.selectOptions(screen.getByLabelText("Patrol"), "ref");
    await user.type(screen.getByLabelText("Save this mapping as (optional)"), "OSM members");
    release();
    await expect.poll(() => (screen.getByTestId("w-check") as HTMLButtonElement).disabled).toBe(false);
    await user.click(screen.getByTestId("w-check"));
    await screen.findByTestId("w-preview");
    const sent = fake.wizardSent[0].mapping;
    expect(sent.source).toBe("OSM members");
    expect(sent.columns[2]).toEqual({ header: "Patrol", field: "ref" });
  });

  it("shows the import's progress as the app sends it, and its Cancel button asks the app to stop", async () => {
    const user = await openFile();
    let answer!: (value: unknown) => void;
    const held = new Promise((resolve) => (answer = resolve));
    const stopped = { kind: "cancelled", message: "The import was stopped before it finished. Nothing was saved.", details: [], candidates: [] };
    fake.previewImport = async () => {
      await held;
      throw stopped;
    };
    await user.click(screen.getByTestId("w-check"));
    const bar = await screen.findByTestId("w-progress");
    expect(bar.textContent).toContain("Starting");
    fake.importProgress({ done: 1000, total: 4000 });
    await screen.findByText("25% done");
    expect((screen.getByLabelText("25% done") as HTMLProgressElement).value).toBe(1000);
    await user.click(screen.getByTestId("w-cancel"));
    expect(fake.cancelledImports).toBe(1);
    answer(null);
    expect((await screen.findByTestId("w-errors")).textContent).toContain("Nothing was saved");
    expect(screen.queryByTestId("w-progress")).toBeNull();
  });

  it("asks about a row that may be someone on the list, and sends the answer back in the mapping", async () => {
    const jayden = { id: 7, reference: "YP00007", first_name: "Jayden", last_name: "Smith", preferred_name: null, date_of_birth: "2011-03-04", age: 15, postcode: null, archived: false, last_seen: null };
    fake.wizardPreview = (mapping) =>
      mapping.same_as["jay smith 2011-03-04"] || mapping.confirmed_new.includes("jay smith 2011-03-04")
        ? { dry_run: true, outcome: { rows: 2, added: 1, updated: 1, unchanged: 0, sessions_added: 0 }, problems: [], problems_total: 0, notes: [], people: [], people_counts: noRows, people_not_listed: noRows }
        : {
            dry_run: true,
            outcome: null,
            problems: [{ line: 4, column: null, reason: "Jay Smith may be Jayden Smith (YP00007, born 04/03/2011), already on the list", likely: { key: "jay smith 2011-03-04", candidates: [jayden] } }],
            problems_total: 1,
            notes: [],
            people: [],
            people_counts: noRows,
            people_not_listed: noRows,
          };
    const user = await openFile();
    await user.click(screen.getByTestId("w-check"));
    const asked = await screen.findByTestId("w-likely");
    expect(asked.getAttribute("aria-label")).toBe("Who is on line 4?");
    // Undecided, the row is a problem and nothing can be imported.
    expect((screen.getByTestId("w-import") as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(asked).getByText(/The same person as Jayden Smith \(YP00007\)/));
    await screen.findByText(/1 new, 1 updated/);
    expect(fake.wizardSent.at(-1)!.mapping.same_as).toEqual({ "jay smith 2011-03-04": "YP00007" });
    expect(screen.getByTestId("w-decisions").textContent).toContain("jay smith 2011-03-04: the same person as YP00007");
    await user.click(screen.getByTestId("w-import"));
    expect(fake.wizardSent.at(-1)).toMatchObject({ command: "import", mapping: { same_as: { "jay smith 2011-03-04": "YP00007" }, confirmed_new: [] } });
  });

  it("starts an old register on the series the core suggests, and the user may pick another or name a session", async () => {
    fake.wizardProposal = registerProposal();
    fake.wizardPreview = () => ({ dry_run: true, outcome: { rows: 2, added: 2, updated: 0, unchanged: 0, sessions_added: 1 }, problems: [], problems_total: 0, notes: [], people: [], people_counts: noRows, people_not_listed: noRows });
    const user = await openFile();
    const series = screen.getByLabelText("Weekly series") as HTMLSelectElement;
    expect(series.selectedOptions[0].textContent).toContain("Tuesday Juniors, Tuesdays 18:00-20:00 (2 of the register's 2 dates on its day)");
    // On a series, the session's own name and times are the series'.
    expect(screen.queryByLabelText("Session name")).toBeNull();
    await user.click(screen.getByTestId("w-check"));
    await screen.findByTestId("w-preview");
    expect(fake.wizardSent.at(-1)!.mapping.register!.series_id).toBe(3);
    await user.selectOptions(series, "Thursday Seniors, Thursdays 19:00-21:00 (0 of the register's 2 dates on its day)");
    await user.click(screen.getByTestId("w-check"));
    await screen.findByTestId("w-preview");
    expect(fake.wizardSent.at(-1)!.mapping.register!.series_id).toBe(4);
    await user.selectOptions(series, "None: the session named below");
    expect(screen.getByLabelText("Session name")).toBeTruthy();
    await user.click(screen.getByTestId("w-check"));
    await screen.findByTestId("w-preview");
    expect(fake.wizardSent.at(-1)!.mapping.register!.series_id).toBeNull();
  });

  it("lists every row beside who it will be, a hundred at a time", async () => {
    const people = Array.from({ length: 250 }, (_, i) => ({
      line: i + 2,
      in_file: `Person ${i + 1}`,
      status: i === 0 ? ("update" as const) : i === 1 ? ("doubtful" as const) : ("new" as const),
      reference: `YP${String(i + 1).padStart(5, "0")}`,
      on_record: i < 2 ? "Siân Jones" : `Person ${i + 1}`,
    }));
    fake.wizardPreview = () => ({
      dry_run: true,
      outcome: null,
      problems: [],
      problems_total: 1,
      notes: [],
      people,
      people_counts: { new: 248, update: 1, unchanged: 0, doubtful: 1 },
      people_not_listed: noRows,
    });
    const user = await openFile();
    await user.click(screen.getByTestId("w-check"));
    const list = await screen.findByTestId("w-people");
    expect(list.querySelector("caption")!.textContent).toBe("Who each row is (250 rows, page 1 of 3)");
    const rows = () => within(screen.getByTestId("w-people")).getAllByRole("row").slice(1);
    expect(rows()).toHaveLength(100);
    expect(rows()[0].textContent).toBe("2Person 1Updates Siân Jones (YP00001)");
    expect(rows()[1].textContent).toContain("May be Siân Jones (YP00002): decide in the problem rows");
    expect(rows()[2].textContent).toBe("4Person 3New (YP00003)");
    await user.click(screen.getByTestId("w-people-next"));
    await user.click(screen.getByTestId("w-people-next"));
    expect(rows()).toHaveLength(50);
    expect(rows()[49].textContent).toContain("Person 250");
    expect((screen.getByTestId("w-people-next") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId("w-people-more")).toBeNull();
  });

  it("says how many more rows a large file has than the core listed", async () => {
    // As the core answers for a file of 100,000 new young people: the first 200 listed.
    const people = Array.from({ length: 200 }, (_, i) => ({
      line: i + 2,
      in_file: `Test${i} Person${i}`,
      status: "new" as const,
      reference: `YP${String(i + 1).padStart(5, "0")}`,
      on_record: `Test${i} Person${i}`,
    }));
    const outcome = { rows: 100000, added: 100000, updated: 0, unchanged: 0, sessions_added: 0 };
    fake.wizardPreview = () => ({
      dry_run: true,
      outcome,
      problems: [],
      problems_total: 0,
      notes: [],
      people,
      people_counts: { new: 100000, update: 0, unchanged: 0, doubtful: 0 },
      people_not_listed: { new: 99800, update: 0, unchanged: 0, doubtful: 0 },
    });
    const user = await openFile();
    await user.click(screen.getByTestId("w-check"));
    const list = await screen.findByTestId("w-people");
    expect(list.querySelector("caption")!.textContent).toBe("Who each row is (200 of 100,000 rows listed, page 1 of 2)");
    expect(screen.getByTestId("w-people-more").textContent).toBe("and 99,800 more new rows.");
    // More than one kind left out: each counted.
    fake.wizardPreview = () => ({
      dry_run: true,
      outcome: { ...outcome, added: 99500, unchanged: 500 },
      problems: [],
      problems_total: 0,
      notes: [],
      people,
      people_counts: { new: 99500, update: 0, unchanged: 500, doubtful: 0 },
      people_not_listed: { new: 99300, update: 0, unchanged: 500, doubtful: 0 },
    });
    await user.click(screen.getByTestId("w-check"));
    await screen.findByText("and 99,800 more rows: 99,300 new, 500 unchanged.");
  });
});
