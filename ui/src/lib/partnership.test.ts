import { describe, expect, it } from "vitest";
import { lastFullPeriod, periodText } from "./partnership";
import type { Destination } from "./ipc/bindings";

const destination = (calendar: Destination["calendar"], custom_periods: Destination["custom_periods"] = []): Destination => ({
  kind: "folder",
  location: "/tmp",
  user_name: null,
  calendar,
  custom_periods,
});

describe("the period a partnership summary is due for", () => {
  it("is the last full quarter, month, or the latest of the partnership's own periods that has ended", () => {
    expect(lastFullPeriod(null, "2026-11-24")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(lastFullPeriod(destination("quarterly"), "2026-02-10")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(lastFullPeriod(destination("monthly"), "2026-03-01")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(lastFullPeriod(destination("monthly"), "2026-01-15")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    const own = [
      { from: "2026-04-01", to: "2026-08-31" },
      { from: "2026-09-01", to: "2027-01-31" },
    ];
    expect(lastFullPeriod(destination("custom", own), "2026-11-24")).toEqual({ from: "2026-04-01", to: "2026-08-31" });
    // None has ended yet: the last quarter.
    expect(lastFullPeriod(destination("custom", own.slice(1)), "2026-11-24")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
  });

  it("is written the British way", () => {
    expect(periodText({ from: "2026-07-01", to: "2026-09-30" })).toBe("1 Jul 2026 to 30 Sep 2026");
  });
});
