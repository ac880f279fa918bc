import { describe, expect, it } from "vitest";
import { addDays, hours, mondayOf, oneYearOn, shortDate } from "./format";
import { FakeBackend } from "./ipc/fake";

describe("dates the British way", () => {
  it("writes short dates day first", () => {
    expect(shortDate("2026-11-24")).toBe("Tue 24 Nov 2026");
  });
  it("finds the Monday of a week, across a month end", () => {
    expect(mondayOf("2026-11-24")).toBe("2026-11-23");
    expect(mondayOf("2026-03-01")).toBe("2026-02-23");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
  it("renews a consent a calendar year on, clamping a leap day", () => {
    expect(oneYearOn("2026-09-01")).toBe("2027-09-01");
    expect(oneYearOn("2024-02-29")).toBe("2025-02-28");
  });
  it("writes hours with a thousands separator", () => {
    expect(hours(1286.2)).toBe("1,286.2");
    expect(hours(12)).toBe("12");
  });
});

describe("the periods funders ask about", () => {
  // The rule is the core's (dates::periods, tested there for every turn of the year); the
  // window shows what the core answers with the app's status, replayed here.
  it("come from the core: the financial year and its quarters, the running ones up to today", async () => {
    const status = await new FakeBackend().appStatus();
    const periods = Object.fromEntries(status.periods.so_far.map((p) => [p.key, [p.from, p.to, p.label]]));
    expect(periods.quarter).toEqual(["2026-10-01", "2026-11-24", "This quarter"]);
    expect(periods["last-quarter"]).toEqual(["2026-07-01", "2026-09-30", "Last quarter"]);
    expect(periods.year).toEqual(["2026-04-01", "2026-11-24", "This year (2026/27)"]);
    expect(periods["last-year"]).toEqual(["2025-04-01", "2026-03-31", "Last year (2025/26)"]);
  });
});
