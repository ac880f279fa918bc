import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DateField from "./DateField.svelte";

describe("the date field", () => {
  it("shows an empty date as empty, with the format as a hint, not a date in grey", () => {
    render(DateField, { id: "d", testid: "d", value: "" });
    const field = screen.getByTestId("d") as HTMLInputElement;
    expect(field.type).toBe("text");
    expect(field.value).toBe("");
    expect(field.placeholder).toBe("dd/mm/yyyy");
    expect(field.dataset.iso).toBe("");
  });

  it("shows a date it is given day first", () => {
    render(DateField, { id: "d", testid: "d", value: "2013-03-14" });
    expect((screen.getByTestId("d") as HTMLInputElement).value).toBe("14/03/2013");
  });

  it("reads a typed date, and says beside it when the field is left half-typed", async () => {
    const user = userEvent.setup();
    const changes: string[] = [];
    render(DateField, { id: "d", testid: "d", value: "", onchange: (v: string) => changes.push(v) });
    const field = screen.getByTestId("d") as HTMLInputElement;
    await user.type(field, "3/12");
    await user.tab();
    expect(screen.getByTestId("d-problem").textContent).toContain("is not a whole date");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    await user.type(field, "/2026");
    expect(screen.queryByTestId("d-problem")).toBeNull();
    expect(field.dataset.iso).toBe("2026-12-03");
    expect(changes).toEqual(["2026-12-03"]);
    await user.tab();
    expect(field.value).toBe("03/12/2026");
  });

  it("picks a date from its calendar, with days past the limit closed", async () => {
    const user = userEvent.setup();
    render(DateField, { id: "d", testid: "d", value: "", max: "2026-12-06", label: "Date of birth" });
    await user.click(screen.getByRole("button", { name: "Date of birth: choose from a calendar" }));
    expect(screen.getByRole("dialog", { name: "Calendar" })).toBeTruthy();
    expect((screen.getByRole("button", { name: "Monday 7 December 2026" }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole("button", { name: "Thursday 3 December 2026" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    const field = screen.getByTestId("d") as HTMLInputElement;
    expect(field.value).toBe("03/12/2026");
    expect(field.dataset.iso).toBe("2026-12-03");
    expect(document.activeElement).toBe(field);
  });
});
