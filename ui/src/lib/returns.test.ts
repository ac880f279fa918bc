import { describe, expect, it } from "vitest";
import { MEASURE_NAMES, measureKind, periodInWords, returnPeriods, showMeasure, slug } from "./returns";

describe("the periods funders ask about", () => {
  it("are the quarters and the year of the UK financial year holding today", () => {
    const periods = Object.fromEntries(returnPeriods("2026-11-24").map((p) => [p.key, [p.from, p.to]]));
    expect(periods).toEqual({
      "this-quarter": ["2026-10-01", "2026-12-31"],
      "last-quarter": ["2026-07-01", "2026-09-30"],
      "this-year": ["2026-04-01", "2027-03-31"],
      "last-year": ["2025-04-01", "2026-03-31"],
    });
  });

  it("cross the turn of the calendar year in January to March", () => {
    const periods = Object.fromEntries(returnPeriods("2027-02-10").map((p) => [p.key, [p.from, p.to]]));
    expect(periods["this-quarter"]).toEqual(["2027-01-01", "2027-03-31"]);
    expect(periods["last-quarter"]).toEqual(["2026-10-01", "2026-12-31"]);
    expect(periods["this-year"]).toEqual(["2026-04-01", "2027-03-31"]);
    expect(returnPeriods("2027-02-10").find((p) => p.key === "this-year")!.detail).toBe("2026/27");
  });

  it("are said in words", () => {
    expect(periodInWords({ from: "2026-04-01", to: "2026-06-30" })).toBe("1 April 2026 to 30 June 2026");
  });
});

describe("measures and words", () => {
  it("shows values as the core prints them", () => {
    expect(showMeasure(1234, measureKind("attendances"))).toBe("1,234");
    expect(showMeasure(2530.5, measureKind("volunteer_value_gbp"))).toBe("£2,530.50");
    expect(showMeasure(12.25, measureKind("contact_hours"))).toBe("12.25");
    expect(showMeasure(0.875, measureKind("training_compliance"))).toBe("87.5%");
    expect(showMeasure(null, "share")).toBe("–");
  });

  it("knows every measure the core counts", () => {
    expect(MEASURE_NAMES).toHaveLength(14);
    expect(MEASURE_NAMES).toContain("youth_work_hours");
  });

  it("makes ids from titles", () => {
    expect(slug("What went well?")).toBe("what-went-well");
    expect(slug("  The 3 most important differences  ")).toBe("the-3-most-important-differences");
  });
});
