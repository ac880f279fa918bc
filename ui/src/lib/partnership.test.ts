import { describe, expect, it } from "vitest";
import { periodText } from "./partnership";

describe("the partnership summary's words", () => {
  it("is written the British way", () => {
    expect(periodText({ from: "2026-07-01", to: "2026-09-30" })).toBe("1 Jul 2026 to 30 Sep 2026");
  });
});
