import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Club from "./Club.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import type { Plan, PlanInput } from "../../lib/ipc/bindings";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

const projects = () => screen.queryAllByTestId("project");

describe("the club's projects", () => {
  it("adds a project with its funder, renames it and marks it finished", async () => {
    const user = userEvent.setup();
    render(Club, {});
    await screen.findByText(/No projects yet/);
    await user.type(screen.getByTestId("project-name"), "Youth Investment Fund");
    await user.type(screen.getByTestId("project-funder"), "DCMS");
    await user.click(screen.getByTestId("project-add"));
    await waitFor(() => expect(projects()).toHaveLength(1));
    expect(projects()[0].textContent).toContain("Youth Investment Fund");
    expect(projects()[0].textContent).toContain("Funded by DCMS");
    expect(fake.projectList).toEqual([{ id: expect.any(Number), name: "Youth Investment Fund", funder: "DCMS", archived: false }]);

    await user.click(within(projects()[0]).getByTestId("project-edit"));
    const name = screen.getByTestId("project-name") as HTMLInputElement;
    expect(name.value).toBe("Youth Investment Fund");
    await user.clear(name);
    await user.type(name, "YIF detached work");
    await user.clear(screen.getByTestId("project-funder"));
    await user.click(screen.getByTestId("project-add"));
    await waitFor(() => expect(projects()[0].textContent).toContain("YIF detached work"));
    expect(projects()[0].textContent).toContain("No particular funder");
    expect(fake.projectList[0].funder).toBeNull();

    await user.click(within(projects()[0]).getByTestId("project-archive"));
    await waitFor(() => expect(projects()[0].textContent).toContain("Finished"));
    expect(fake.projectList[0].archived).toBe(true);
    await user.click(within(projects()[0]).getByTestId("project-archive"));
    await waitFor(() => expect(fake.projectList[0].archived).toBe(false));
  });

  it("shows the core's message when a project is refused", async () => {
    const user = userEvent.setup();
    render(Club, {});
    await screen.findByText(/No projects yet/);
    await user.click(screen.getByTestId("project-add"));
    expect((await screen.findByTestId("project-error")).textContent).toContain("Give the project a name.");
    expect(fake.projectList).toHaveLength(0);
  });
});

describe("the logo on funder returns", () => {
  it("chooses a picture, says so, and removes it", async () => {
    const user = userEvent.setup();
    render(Club, {});
    const row = await screen.findByTestId("club-logo");
    await waitFor(() => expect(fake.calls).toContain("has_logo"));
    expect(row.textContent).toContain("Choose a picture");
    await user.click(screen.getByTestId("club-logo-choose"));
    await waitFor(() => expect(row.textContent).toContain("Your logo is printed at the top of each return."));
    expect(fake.logo).toBe(true);
    await user.click(screen.getByTestId("club-logo-remove"));
    await waitFor(() => expect(fake.logo).toBe(false));
    expect(screen.queryByTestId("club-logo-remove")).toBeNull();
  });

  it("shows the core's message when a picture is refused", async () => {
    const user = userEvent.setup();
    fake.failNext.choose_logo = { kind: "invalid", message: "That picture is too large for a logo (2 MB at most): save a smaller copy and try again.", details: [], candidates: [] };
    render(Club, {});
    await user.click(await screen.findByTestId("club-logo-choose"));
    expect((await screen.findByTestId("club-logo-error")).textContent).toContain("too large for a logo");
  });
});

describe("a project's check-in plan", () => {
  it("is set on the project, for every session of it, and found again when reopened", async () => {
    const user = userEvent.setup();
    const saved: PlanInput[] = [];
    let plans: Plan[] = [];
    // The core keeps the plan (checkins::add_plan); here the fake keeps what was sent.
    const save = (id: number | null, plan: PlanInput) => {
      saved.push(structuredClone(plan));
      const kept: Plan = { ...plan, id: id ?? 7, archived: false };
      plans = [kept];
      return Promise.resolve(kept);
    };
    fake.saveCheckinPlan = save as unknown as FakeBackend["saveCheckinPlan"];
    fake.checkinPlans = () => Promise.resolve(plans);
    render(Club, {});
    await screen.findByText(/No projects yet/);
    await user.type(screen.getByTestId("project-name"), "Wellbeing project");
    await user.click(screen.getByTestId("project-add"));
    await waitFor(() => expect(projects()).toHaveLength(1));
    const project = Number(projects()[0].dataset.projectId);

    await user.click(within(projects()[0]).getByTestId("project-checkins"));
    const settings = await screen.findByTestId("plan-settings");
    expect(settings.textContent).toContain("every session of the project");
    await user.click(within(settings).getByTestId("plan-who-everyone"));
    await user.click(within(settings).getByTestId("plan-save"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ project_id: project, series_id: null, measures: ["ons4"], who: { kind: "everyone" } });

    // Closed and opened again: the project's plan, changed in place rather than added again.
    await user.click(within(projects()[0]).getByTestId("project-checkins"));
    await waitFor(() => expect(screen.queryByTestId("plan-settings")).toBeNull());
    await user.click(within(projects()[0]).getByTestId("project-checkins"));
    const again = await screen.findByTestId("plan-settings");
    await waitFor(() => expect((within(again).getByTestId("plan-who-everyone") as HTMLInputElement).checked).toBe(true));
  });
});

describe("the club's council area", () => {
  it("saves the area typed and another council's outcome areas ticked", async () => {
    const user = userEvent.setup();
    fake.frameworks = [
      { code: "coventry-cyp", name: "Coventry Children and Young People's Plan priorities", area: "Coventry", outcomes: [{ code: "early-help", label: "Early help" }] },
      { code: "ecm", name: "Every Child Matters", area: null, outcomes: [{ code: "be-healthy", label: "Be healthy" }] },
    ];
    render(Club, {});
    const other = await screen.findByTestId("club-framework-coventry-cyp");
    expect(screen.queryByTestId("club-framework-ecm")).toBeNull();
    await user.type(screen.getByTestId("club-area"), "Derby");
    await user.click(other);
    await user.click(screen.getByTestId("club-save"));
    await waitFor(() => expect(fake.club?.area).toBe("Derby"));
    expect(fake.club?.frameworks_added).toEqual(["coventry-cyp"]);
    // In Coventry the plan is the club's own: nothing to add.
    await user.clear(screen.getByTestId("club-area"));
    await user.type(screen.getByTestId("club-area"), "Coventry");
    await waitFor(() => expect(screen.queryByTestId("club-framework-coventry-cyp")).toBeNull());
  });
});
