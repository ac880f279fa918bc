import { afterEach, describe, expect, it, vi } from "vitest";
import { FIRST_SCREEN_MARK, markFirstScreen } from "./startup";

describe("the first-screen mark", () => {
  afterEach(() => {
    performance.clearMarks();
    vi.unstubAllGlobals();
  });

  it("is made once, after the frame that shows the screen", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
    const paintFrame = () => frames.splice(0).forEach((callback) => callback(performance.now()));

    await markFirstScreen();
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(0);
    paintFrame();
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(0);
    paintFrame();
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(1);

    // Coming back to the home screen later does not mark again.
    await markFirstScreen();
    paintFrame();
    paintFrame();
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(1);
  });
});
