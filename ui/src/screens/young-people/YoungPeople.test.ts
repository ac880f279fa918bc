import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import YoungPeople from "./YoungPeople.svelte";
import YoungPersonPage from "./YoungPersonPage.svelte";
import { freshClub } from "../../test/setup";
import { replay, type FakeBackend } from "../../lib/ipc/fake";
import type { YoungPerson } from "../../lib/ipc/bindings";
import recordedSearch from "../../lib/ipc/recorded-search.json";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;

beforeEach(() => {
  fake = freshClub();
  fake.addYoung("Jay", "Smith", "2011-03-04");
  fake.addYoung("Amira", "Hussain", "2012-05-04");
  fake.addYoung("Mohammed", "Ali", null);
});

describe("the list of young people", () => {
  it("shows everyone and narrows as you type any part of a name", async () => {
    const user = userEvent.setup();
    render(YoungPeople, {});
    await waitFor(() => expect(screen.getAllByTestId("yp-row")).toHaveLength(3));
    await user.type(screen.getByTestId("yp-search"), "huss");
    await waitFor(() => expect(screen.getAllByTestId("yp-row")).toHaveLength(1));
    expect(screen.getByTestId("yp-row").textContent).toContain("Amira");
  });

  it("says so when no one matches", async () => {
    const user = userEvent.setup();
    render(YoungPeople, {});
    await user.type(screen.getByTestId("yp-search"), "zebedee");
    await screen.findByText("No one matches “zebedee”.");
  });
});

describe("adding a young person", () => {
  it("warns of a likely duplicate and adds only when told it is someone new", async () => {
    const user = userEvent.setup();
    render(YoungPersonPage, { id: null });
    await user.type(screen.getByTestId("yp-first-name"), "Jay");
    await user.type(screen.getByTestId("yp-last-name"), "Smith");
    await user.type(screen.getByTestId("yp-dob"), "2011-03-04");
    await user.click(screen.getByTestId("yp-save"));
    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning.textContent).toContain("Jay Smith may already be on the list");
    expect(fake.people).toHaveLength(3);
    await user.click(screen.getByTestId("add-anyway"));
    await waitFor(() => expect(fake.people).toHaveLength(4));
    expect(app.screen).toEqual({ name: "young-people" });
  });

  it("shows the core's message when a detail is refused", async () => {
    const user = userEvent.setup();
    fake.failNext.add_young_person = { kind: "invalid", message: "“XYZ” doesn't look like a UK postcode (for example CV1 2AB).", details: [], candidates: [] };
    render(YoungPersonPage, { id: null });
    await user.type(screen.getByTestId("yp-first-name"), "Kai");
    await user.type(screen.getByTestId("yp-last-name"), "Reid");
    await user.type(screen.getByTestId("yp-postcode"), "XYZ");
    await user.click(screen.getByTestId("yp-save"));
    await screen.findByText("“XYZ” doesn't look like a UK postcode (for example CV1 2AB).");
    expect(fake.people).toHaveLength(3);
  });
});

describe("circumstances on a young person's page", () => {
  it("records the club's circumstances they face, and saves them with the profile", async () => {
    const user = userEvent.setup();
    const jay = fake.people[0];
    fake.circumstanceList.find((c) => c.code === "care-experienced")!.archived = true;
    render(YoungPersonPage, { id: jay.id });
    const box = await screen.findByTestId("yp-circumstances");
    // Taken off the list, and not recorded for Jay: not offered.
    expect(box.textContent).not.toContain("Care experienced");
    expect(box.textContent).toContain("Living in poverty");
    await user.click(screen.getByTestId("yp-circumstance-young-carer"));
    await user.click(screen.getByTestId("yp-circumstance-poverty"));
    await user.click(screen.getByTestId("yp-circumstance-poverty"));
    await user.click(screen.getByTestId("yp-save"));
    await waitFor(() => expect(fake.calls).toContain("update_young_person"));
    expect(fake.people[0].profile.circumstance_codes).toEqual(["young-carer"]);
  });

  it("keeps a circumstance taken off the list on someone who has it", async () => {
    const jay = fake.people[0];
    jay.profile.circumstance_codes = ["care-experienced"];
    fake.circumstanceList.find((c) => c.code === "care-experienced")!.archived = true;
    render(YoungPersonPage, { id: jay.id });
    const box = await screen.findByTestId("yp-circumstances");
    await waitFor(() => expect(box.textContent).toContain("Care experienced · no longer on the list"));
    expect((screen.getByTestId("yp-circumstance-care-experienced") as HTMLInputElement).checked).toBe(true);
  });
});

describe("consents on a young person's page", () => {
  it("shows a refused photo consent as refused, with no tick and no renewal date", async () => {
    const zara = fake.addYoung("Zara", "Ahmed", "2012-05-04");
    zara.profile.consents = [
      { kind: "photos", given: false, given_by: "parent-carer", giver_name: null, recorded_on: "2026-09-01" },
      { kind: "data", given: true, given_by: "parent-carer", giver_name: null, recorded_on: "2026-09-01" },
    ];
    render(YoungPersonPage, { id: zara.id });
    const refused = await screen.findByTestId("consent-refused");
    expect(refused.textContent).toContain("Refused");
    // Only the given consent has a renewal date.
    expect(screen.getAllByText(/Renew by/)).toHaveLength(1);
  });
});

describe("a young person's age", () => {
  it("is the core's for today: 12 given at the door on 1 June 2025 shows 13 on 6 December 2026", async () => {
    // The core's answer, recorded by src-tauri/tests/recorded_search.rs (scenario door-age).
    const { id } = recordedSearch.scenarios["door-age"].young_person[0].args;
    const dara = replay<YoungPerson>("door-age", "young_person", { id });
    expect(dara.profile.date_of_birth).toBeNull();
    fake.people.push(dara);
    render(YoungPersonPage, { id });
    expect((await screen.findByTestId("yp-age-today")).textContent).toBe("age 13");
  });
});
