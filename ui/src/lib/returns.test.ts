import { describe, expect, it } from "vitest";
import { FakeBackend } from "./ipc/fake";
import { MEASURE_NAMES, measureKind, periodInWords, showMeasure, slug } from "./returns";

describe("the periods funders ask about", () => {
  // The rule is the core's (dates::periods, tested there across the turn of the year too).
  it("are the whole quarters and years of the UK financial year holding today, from the core", async () => {
    const status = await new FakeBackend().appStatus();
    const periods = Object.fromEntries(status.periods.whole.map((p) => [p.key, [p.from, p.to, p.detail]]));
    expect(periods).toEqual({
      "this-quarter": ["2026-10-01", "2026-12-31", "Oct–Dec"],
      "last-quarter": ["2026-07-01", "2026-09-30", "Jul–Sep"],
      "this-year": ["2026-04-01", "2027-03-31", "2026/27"],
      "last-year": ["2025-04-01", "2026-03-31", "2025/26"],
    });
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
