import { describe, expect, it } from "vitest";

// Issue 13, point 9: WebKitGTK draws an empty <input type="date"> with today's date in grey,
// so a blank date or an unused filter looks filled in. Every date on every screen goes through
// the one DateField (typed day first, empty shown as empty); this reads every component's
// source so a new screen cannot bring the browser's date input back.
const sources = import.meta.glob("../**/*.svelte", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("date fields", () => {
  it("reads the components' sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(30);
  });

  it("uses no browser date input outside the one DateField", () => {
    const offenders = Object.entries(sources)
      .filter(([path]) => !path.endsWith("/components/DateField.svelte"))
      .filter(([, source]) => /<input[^>]*type=["']?date["'\s>]/.test(source))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
