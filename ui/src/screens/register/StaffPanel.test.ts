import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import StaffPanel from "./StaffPanel.svelte";
import { freshClub } from "../../test/setup";

describe("adults at a session", () => {
  it("shows the core's warnings and adds an adult in their usual role", async () => {
    const user = userEvent.setup();
    const fake = freshClub();
    const session = fake.addSessionToday("Tuesday Juniors");
    await fake.addPerson({ name: "Sam Patel", email: null, phone: null, paid: false, roles: ["first-aider"], started_on: null, left_on: null });
    fake.staffing.warnings = [{ kind: "ratio", message: "0 adults for 12 young people: the ratio rules need 2 adults." }];
    render(StaffPanel, { session, changes: 0 });
    const warning = await screen.findByTestId("staffing-warning");
    expect(warning.dataset.kind).toBe("ratio");
    expect(warning.textContent).toContain("the ratio rules need 2 adults");
    await waitFor(() => expect(screen.getByTestId("staff-person").querySelectorAll("option")).toHaveLength(2));
    await user.selectOptions(screen.getByTestId("staff-person"), "Sam Patel");
    expect((screen.getByTestId("staff-role") as HTMLSelectElement).value).toBe("first-aider");
    await user.click(screen.getByTestId("staff-add"));
    await screen.findByText("Sam Patel");
    expect(fake.staffing.staff).toEqual([{ person_id: expect.any(Number), person_name: "Sam Patel", paid: false, role: "first-aider", hours: 2 }]);
  });
});
