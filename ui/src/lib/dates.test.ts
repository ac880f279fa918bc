import { describe, expect, it } from "vitest";
import { monthGrid, readTypedDate, typedForm } from "./dates";

describe("reading a typed date", () => {
  it("reads day first, with any separator, eight digits, or the ISO form", () => {
    for (const typed of ["14/03/2013", "14/3/2013", "14-03-2013", "14.03.2013", "14 3 2013", "14032013", "2013-03-14", " 14/03/2013 "]) {
      expect(readTypedDate(typed)).toEqual({ date: "2013-03-14", problem: null });
    }
  });

  it("leaves an empty field empty, with nothing wrong", () => {
    expect(readTypedDate("")).toEqual({ date: null, problem: null });
    expect(readTypedDate("   ")).toEqual({ date: null, problem: null });
  });

  it("says what is wrong with a half-typed or impossible date", () => {
    expect(readTypedDate("14/03").problem).toBe("“14/03” is not a whole date. Write the whole date as day/month/year, like 14/03/2013.");
    expect(readTypedDate("14/03/13").problem).toContain("Write the year in full");
    expect(readTypedDate("31/02/2013").problem).toBe("There is no 31 February 2013.");
    expect(readTypedDate("03/14/2013").problem).toContain("There is no month 14");
    expect(readTypedDate("soon").date).toBeNull();
  });

  it("keeps to the field's limits, named day first", () => {
    expect(readTypedDate("07/12/2026", { max: "2026-12-06" }).problem).toBe("This date is after Sunday 6 December 2026: it cannot be later than that.");
    expect(readTypedDate("06/12/2026", { max: "2026-12-06" }).date).toBe("2026-12-06");
    expect(readTypedDate("01/01/2026", { min: "2026-02-01" }).problem).toContain("before Sunday 1 February 2026");
  });

  it("writes a date back day first", () => {
    expect(typedForm("2013-03-14")).toBe("14/03/2013");
  });

  it("lays a month out in weeks from Monday", () => {
    const weeks = monthGrid(2026, 12);
    expect(weeks[0]).toEqual([null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weeks.at(-1)).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", null, null, null]);
  });
});
