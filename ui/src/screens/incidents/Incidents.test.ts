import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Incidents from "./Incidents.svelte";
import Home from "../home/Home.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { actorFor } from "../../lib/ipc/fake";
import type { ConcernInput } from "../../lib/ipc/bindings";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;
let jay: number;
let session: number;

// Today in the fake is Tuesday 24 November 2026.
beforeEach(() => {
  fake = freshClub();
  jay = fake.addYoung("Jay", "Smith", "2013-03-04").id;
  fake.addYoung("Amira", "Hussain", "2012-05-04");
  session = fake.addSessionOn("2026-11-17", "Tuesday Juniors").id;
});

function concern(change: Partial<ConcernInput> = {}): ConcernInput {
  return {
    occurred_on: "2026-11-17",
    occurred_at: "19:10",
    session_id: session,
    young_people: [jay],
    what_happened: "Jay said an older boy had been waiting for him after school.",
    action_taken: "Listened; told the safeguarding lead that evening.",
    referral: { to: ["childrens-services"], detail: "Front door", on: "2026-11-18" },
    follow_up: { what: "Check in with Jay", by: "2026-11-30", done: false },
    ...change,
  };
}

async function seed(input: ConcernInput) {
  return fake.addIncident(input);
}

describe("the incident log", () => {
  it("lists concerns with open follow-ups first and says nothing is deleted", async () => {
    await seed(concern({ occurred_on: "2026-11-20", session_id: null, follow_up: null, what_happened: "A parent shouted in the car park.", young_people: [], referral: { to: [], detail: null, on: null } }));
    await seed(concern());
    render(Incidents, {});
    await waitFor(() => expect(screen.getAllByTestId("incident-line")).toHaveLength(2));
    const [first, second] = screen.getAllByTestId("incident-line");
    expect(first.textContent).toContain("Jay Smith");
    expect(first.textContent).toContain("Follow-up due Mon 30 Nov 2026");
    expect(first.textContent).toContain("Children's services front door / MASH");
    expect(second.textContent).toContain("Nobody named");
    expect(second.textContent).toContain("Not referred");
    expect(screen.getByTestId("incidents-open-count").textContent).toBe("1 to follow up");
    expect(screen.getByTestId("incidents-trust").textContent).toContain("Nothing here is ever deleted");

    const user = userEvent.setup();
    await user.click(screen.getByTestId("incidents-open-only"));
    await waitFor(() => expect(screen.getAllByTestId("incident-line")).toHaveLength(1));
    expect(fake.calls.filter((c) => c === "incidents").length).toBeGreaterThanOrEqual(2);
  });

  it("records a concern: young people found by name, the session on the day, a referral and a follow-up", async () => {
    const user = userEvent.setup();
    render(Incidents, {});
    await user.click(await screen.findByTestId("incident-record"));
    const form = screen.getByTestId("concern-form");
    const date = within(form).getByTestId("concern-date") as HTMLInputElement;
    expect(date.value).toBe("24/11/2026");
    await user.clear(date);
    await user.type(date, "2026-11-17");
    await waitFor(() => expect(within(form).getByRole("option", { name: /Tuesday Juniors/ })).toBeTruthy());
    await user.selectOptions(within(form).getByTestId("concern-session"), within(form).getByRole("option", { name: /Tuesday Juniors/ }));
    await user.type(within(form).getByTestId("concern-people-search"), "jay");
    await user.click(await within(form).findByTestId("concern-person-option"));
    expect(within(form).getAllByTestId("concern-person").map((c) => c.textContent?.trim())).toEqual(["Jay Smith"]);
    await user.type(within(form).getByTestId("concern-what"), "Jay said an older boy had been waiting for him.");
    await user.click(within(form).getByTestId("concern-referral-police"));
    await user.type(within(form).getByTestId("concern-referred-on"), "2026-11-18");
    await user.type(within(form).getByTestId("concern-follow-up"), "Ring the school");
    await user.click(within(form).getByTestId("concern-save"));

    await waitFor(() => expect(fake.concerns).toHaveLength(1));
    const saved = fake.concerns[0].versions[0].concern;
    expect(saved.session?.name).toBe("Tuesday Juniors");
    expect(saved.young_people.map((p) => p.name)).toEqual(["Jay Smith"]);
    expect(saved.referral).toEqual({ to: ["police"], detail: null, on: "2026-11-18" });
    expect(saved.follow_up).toEqual({ what: "Ring the school", by: null, done: false });
    const detail = await screen.findByTestId("incident-detail");
    expect(within(detail).getByTestId("incident-what").textContent).toBe("Jay said an older boy had been waiting for him.");
    expect(within(detail).getAllByTestId("incident-version")).toHaveLength(1);
    expect(app.toasts.at(-1)!.message).toMatch(/Concern \d+ recorded/);
  });

  it("shows why a concern was not recorded, and keeps the form open", async () => {
    const user = userEvent.setup();
    render(Incidents, {});
    await user.click(await screen.findByTestId("incident-record"));
    await user.click(screen.getByTestId("concern-save"));
    expect((await screen.findByTestId("concern-error")).textContent).toContain("Describe what happened");
    expect(fake.concerns).toHaveLength(0);
    expect(screen.getByTestId("concern-form")).toBeTruthy();
  });

  it("adds an update that marks the follow-up done, keeping the first version", async () => {
    const added = await seed(concern());
    const user = userEvent.setup();
    render(Incidents, { id: added.id });
    const detail = await screen.findByTestId("incident-detail");
    await user.click(within(detail).getByTestId("incident-add-update"));
    await user.type(screen.getByTestId("update-note"), "Spoke to Jay; he walks home with his sister now.");
    await user.click(screen.getByTestId("update-follow-up-done"));
    await user.click(screen.getByTestId("update-save"));

    await waitFor(() => expect(within(screen.getByTestId("incident-detail")).getAllByTestId("incident-version")).toHaveLength(2));
    const versions = fake.concerns[0].versions;
    expect(versions[0].concern.follow_up?.done).toBe(false);
    expect(versions[1].kind).toBe("update");
    expect(versions[1].noted_on).toBe("2026-11-24");
    expect(screen.getByTestId("incident-follow-up").textContent).toContain("Follow-up done");
    const update = within(screen.getByTestId("incident-history")).getAllByTestId("incident-version")[1];
    expect(update.textContent).toContain("Update for Tue 24 Nov 2026");
    expect(update.textContent).toContain("Follow-up done:");
  });

  it("corrects a concern only with a reason, and shows what it said before", async () => {
    const added = await seed(concern());
    const user = userEvent.setup();
    render(Incidents, { id: added.id });
    await user.click(await screen.findByTestId("incident-correct"));
    const form = screen.getByTestId("concern-form");
    const save = within(form).getByTestId("concern-save") as HTMLButtonElement;
    const what = within(form).getByTestId("concern-what") as HTMLTextAreaElement;
    expect(what.value).toBe("Jay said an older boy had been waiting for him after school.");
    await user.clear(what);
    await user.type(what, "Jay said an older boy had been waiting for him outside school.");
    expect(save.disabled).toBe(true);
    await user.type(within(form).getByTestId("concern-reason"), "He said outside, not after");
    expect(save.disabled).toBe(false);
    await user.click(save);

    await waitFor(() => expect(fake.concerns[0].versions).toHaveLength(2));
    expect(fake.concerns[0].versions[0].concern.what_happened).toBe("Jay said an older boy had been waiting for him after school.");
    const correction = within(await screen.findByTestId("incident-history")).getAllByTestId("incident-version")[1];
    expect(correction.dataset.kind).toBe("correction");
    expect(within(correction).getByTestId("incident-version-reason").textContent).toContain("He said outside, not after");
    expect(correction.querySelector("del")!.textContent).toBe("Jay said an older boy had been waiting for him after school.");
    expect(correction.querySelector("ins")!.textContent).toBe("Jay said an older boy had been waiting for him outside school.");
    expect(app.toasts.at(-1)!.message).toContain("stays in the history");
  });

  it("shows a refusal plainly to someone whose role may not see the log", async () => {
    await seed(concern());
    fake.signInAs("volunteer", "Sam Okafor");
    render(Incidents, {});
    const refusal = await screen.findByTestId("incidents-denied");
    expect(refusal.textContent).toContain("Signed in as Sam Okafor (volunteer), you cannot see and record incidents. Ask a manager if you need to.");
    expect(screen.queryByTestId("incident-line")).toBeNull();
    expect(screen.queryByTestId("incident-record")).toBeNull();
    expect(screen.queryByText(/older boy/)).toBeNull();
  });
});

describe("the home screen's count of concerns", () => {
  it("shows managers how many concerns this quarter and how many to follow up, and leads to the log", async () => {
    // The counts as the core answered them on a club with these three concerns.
    fake.scenario = "three-concerns";
    await seed(concern());
    await seed(concern({ follow_up: null }));
    await seed(concern({ occurred_on: "2026-09-30", session_id: null, referral: { to: [], detail: null, on: null } }));
    const user = userEvent.setup();
    render(Home, {});
    const card = await screen.findByTestId("home-concerns");
    expect(card.textContent).toContain("2 concerns recorded this quarter");
    expect(card.textContent).toContain("1 follow-up still to do");
    expect(card.textContent).not.toContain("older boy");
    await user.click(card);
    expect(app.screen).toEqual({ name: "incidents" });
  });

  it("is not shown to a role that may not open the log", async () => {
    fake.scenario = "three-concerns";
    await seed(concern());
    app.status = { ...app.status!, signed_in: actorFor("volunteer", "Val", 3) } as typeof app.status;
    render(Home, {});
    await screen.findByTestId("figures");
    await waitFor(() => expect(fake.calls).toContain("overview"));
    expect(screen.queryByTestId("home-concerns")).toBeNull();
  });
});
