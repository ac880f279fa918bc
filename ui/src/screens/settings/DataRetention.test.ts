import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DataRetention from "./DataRetention.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;
const text = (element: HTMLElement) => (element.textContent ?? "").replace(/\s+/g, " ");
beforeEach(() => {
  fake = freshClub();
  fake.review = {
    rules: { unseen_years: 3, register_years: 7 },
    unseen_before: "2023-11-24",
    registers_before: "2019-04-01",
    people: [
      { id: 1, reference: "YP00001", name: "Olga Old", last_seen: "2022-10-04", added_on: "2021-09-01", kept_because: null },
      { id: 2, reference: "YP00002", name: "Ned Never", last_seen: null, added_on: "2020-01-01", kept_because: null },
      { id: 3, reference: "YP00003", name: "Sam Safe", last_seen: "2021-05-05", added_on: "2020-01-01", kept_because: "Named in the incident log: safeguarding records are kept." },
    ],
    registers: [
      { session_id: 10, date: "2018-10-02", session: "Tuesday Juniors", named: 12 },
      { session_id: 11, date: "2019-03-26", session: "Tuesday Juniors", named: 9 },
    ],
  };
});

describe("the Data retention card", () => {
  it("saves the rules", async () => {
    const user = userEvent.setup();
    render(DataRetention, {});
    const years = await screen.findByLabelText("Years not seen");
    await user.clear(years);
    await user.type(years, "2");
    await user.click(screen.getByRole("button", { name: /Save rules/ }));
    await waitFor(() => expect(fake.retention).toEqual({ unseen_years: 2, register_years: 7 }));
  });

  it("lists who and what is due, keeps what is unticked, and does the rest at once", async () => {
    const user = userEvent.setup();
    render(DataRetention, {});
    await user.click(await screen.findByRole("button", { name: /Review what is due/ }));
    const review = await screen.findByTestId("retention-review");
    expect(review.textContent).toContain("Olga Old");
    expect(review.textContent).toContain("never came");
    expect(review.textContent).toContain("Named in the incident log");
    const sam = within(review).getByText(/Sam Safe/).closest("li")!;
    expect((within(sam).getByRole("checkbox") as HTMLInputElement).disabled).toBe(true);
    expect(text(review)).toContain("Ticked: 2 young people to erase, 2 registers (21 names) to anonymise");
    expect(fake.calls).not.toContain("apply_retention");

    await user.click(within(within(review).getByText(/Ned Never/).closest("li")!).getByRole("checkbox"));
    // The last box is the register of 26 March 2019.
    await user.click(within(review).getAllByRole("checkbox").at(-1)!);
    expect(text(review)).toContain("Ticked: 1 young person to erase, 1 register (12 names) to anonymise");
    await user.click(screen.getByRole("button", { name: /Erase and anonymise the ticked records/ }));
    await waitFor(() => expect(fake.applied).toEqual([{ erase: [1], anonymise: [10] }]));
    expect(app.toasts.at(-1)?.message).toBe("Erased 1 young person and anonymised 1 register. Past figures are unchanged.");
    await waitFor(() => expect(screen.getByTestId("retention-review").textContent).not.toContain("Olga Old"));
    expect(screen.getByTestId("retention-review").textContent).toContain("Ned Never");
  });
});
