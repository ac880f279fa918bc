import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../../App.svelte";
import YoungPersonPage from "../young-people/YoungPersonPage.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app, refreshStatus } from "../../lib/app.svelte";
import { ROLE_PERMISSIONS } from "../../lib/ipc/bindings";

let fake: FakeBackend;

beforeEach(() => {
  fake = freshClub();
});

async function navFor(role: Parameters<FakeBackend["signInAs"]>[0], personId: number | null = null): Promise<string[]> {
  fake.signInAs(role, `A ${role}`, personId);
  app.loading = true;
  app.screen = { name: "home" };
  render(App, {});
  await screen.findByTestId("nav-home");
  return screen.getAllByRole("button").map((b) => b.dataset.testid ?? "").filter((id) => id.startsWith("nav-"));
}

describe("the navigation follows the role", () => {
  it("gives a volunteer the register, young people and their own training, nothing else", async () => {
    const nav = await navFor("volunteer", 77);
    expect(nav).toEqual(["nav-home", "nav-register", "nav-young-people", "nav-my-training", "nav-settings"]);
  });

  it("opens a volunteer's own training page, read-only, with logging their own training", async () => {
    const user = userEvent.setup();
    const mine = { id: 77, name: "Priya Shah", email: null, phone: null, paid: false, roles: ["volunteer"], started_on: null, left_on: null, archived: false } as FakeBackend["adults"][number];
    const theirs = { ...mine, id: 78, name: "Ann Archer", paid: true, roles: ["lead"] } as FakeBackend["adults"][number];
    fake.adults.push(mine, theirs);
    await navFor("volunteer", 77);
    await user.click(screen.getByTestId("nav-my-training"));
    await screen.findByTestId("training-log");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("Priya Shah");
    expect(screen.queryByTestId("person-save")).toBeNull();
    expect(screen.getByTestId("person-name").matches(":disabled")).toBe(true);
    expect(screen.queryByText("Staff & training")).toBeNull();
  });

  it("gives a volunteer with no staff record no training page", async () => {
    const nav = await navFor("volunteer", null);
    expect(nav).not.toContain("nav-my-training");
  });

  it("gives a leader the club's work but not incidents, the partnership or the club's settings", async () => {
    const nav = await navFor("leader");
    expect(nav).toEqual(["nav-home", "nav-register", "nav-young-people", "nav-sessions", "nav-people", "nav-returns", "nav-outcomes", "nav-settings"]);
  });

  it("adds the incident log and the partnership for a safeguarding lead", async () => {
    const nav = await navFor("safeguarding-lead");
    expect(nav).toContain("nav-incidents");
    expect(nav).toContain("nav-partnership");
    expect(nav).not.toContain("nav-audit");
    expect(nav).not.toContain("nav-club");
  });

  it("gives a manager everything, the audit log too", async () => {
    const nav = await navFor("manager");
    expect(nav).toEqual(["nav-home", "nav-register", "nav-young-people", "nav-sessions", "nav-people", "nav-returns", "nav-outcomes", "nav-partnership", "nav-incidents", "nav-club", "nav-audit", "nav-settings"]);
  });

  it("hides the manager's cards in Settings from a volunteer, who can still change their PIN", async () => {
    const user = userEvent.setup();
    await navFor("volunteer");
    await user.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("my-secret");
    expect(screen.queryByTestId("accounts")).toBeNull();
    expect(screen.queryByTestId("import-young-people")).toBeNull();
  });

  it("holds the core's table of roles, as recorded from it", () => {
    expect(ROLE_PERMISSIONS["volunteer"].includes("see-medical-notes")).toBe(false);
    expect(ROLE_PERMISSIONS["volunteer"].includes("take-register")).toBe(true);
    expect(ROLE_PERMISSIONS["leader"].includes("export")).toBe(true);
    expect(ROLE_PERMISSIONS["leader"].includes("incidents")).toBe(false);
    expect(ROLE_PERMISSIONS["safeguarding-lead"].includes("incidents")).toBe(true);
    expect(ROLE_PERMISSIONS["safeguarding-lead"].includes("see-audit-log")).toBe(false);
    expect(ROLE_PERMISSIONS["manager"].includes("data-rights")).toBe(true);
  });
});

describe("a young person seen by a volunteer", () => {
  it("shows a calm note in place of medical notes and circumstances, and no editing", async () => {
    const person = fake.addYoung("Jay", "Smith", "2011-03-04");
    person.profile.medical_notes = "Asthma: blue inhaler in the office";
    person.profile.circumstances.young_carer = true;
    fake.signInAs("volunteer", "Priya Shah");
    await refreshStatus();
    const { container } = render(YoungPersonPage, { id: person.id });
    const note = await screen.findByTestId("yp-withheld");
    expect(note.textContent).toContain("Medical notes and circumstances are seen by leaders and managers only.");
    expect(container.innerHTML).not.toContain("Asthma");
    expect(screen.queryByLabelText("Medical notes")).toBeNull();
    expect(screen.queryByTestId("yp-save")?.closest(".hidden")).toBeTruthy();
    expect(screen.getByTestId("yp-first-name").matches(":disabled")).toBe(true);
  });

  it("shows the medical notes to a leader, who can change them", async () => {
    const person = fake.addYoung("Jay", "Smith", "2011-03-04");
    person.profile.medical_notes = "Asthma: blue inhaler in the office";
    fake.signInAs("leader", "Lee Leader");
    await refreshStatus();
    render(YoungPersonPage, { id: person.id });
    await waitFor(() => expect((screen.getByLabelText("Medical notes") as HTMLTextAreaElement).value).toBe("Asthma: blue inhaler in the office"));
    expect(screen.queryByTestId("yp-withheld")).toBeNull();
    expect(screen.getByTestId("yp-first-name").matches(":disabled")).toBe(false);
  });

  it("shows a refusal from the core plainly", async () => {
    fake.signInAs("volunteer", "Priya Shah");
    await refreshStatus();
    fake.locked = true;
    render(YoungPersonPage, { id: 1 });
    expect((await screen.findByTestId("yp-load-error")).textContent).toContain("Clubroom is locked");
  });
});
