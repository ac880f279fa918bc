import { afterEach, describe, expect, it, vi } from "vitest";
import { FIRST_SCREEN_MARK, askForTheHomeScreenEarly, forgetTheEarlyHomeScreen, homeScreenData, markFirstScreen } from "./startup";
import { setBackend, type Backend } from "./ipc/backend";

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

describe("the home screen's data asked for at the start", () => {
  /** A backend whose overview answers each call with the next of `answers` (a number, or a refusal). */
  function backendAnswering(answers: (number | Error)[]) {
    let asked = 0;
    const backend = {
      overview: vi.fn(async () => {
        const answer = answers[asked++];
        if (answer instanceof Error) throw answer;
        return { tonight: answer };
      }),
      trainingDue: vi.fn(async () => []),
    };
    setBackend(backend as unknown as Backend);
    return backend;
  }

  it("is used once by the home screen, which asks anew after that", async () => {
    const backend = backendAnswering([1, 2]);
    await askForTheHomeScreenEarly();
    const [first] = await homeScreenData();
    expect(first).toEqual({ tonight: 1 });
    expect(backend.overview).toHaveBeenCalledTimes(1);
    const [again] = await homeScreenData();
    expect(again).toEqual({ tonight: 2 });
    expect(backend.overview).toHaveBeenCalledTimes(2);
    expect(backend.trainingDue).toHaveBeenCalledTimes(2);
  });

  it("is asked for again when the start's ask was refused (someone had to sign in first)", async () => {
    const backend = backendAnswering([new Error("Sign in first."), 7]);
    await askForTheHomeScreenEarly();
    const [overview] = await homeScreenData();
    expect(overview).toEqual({ tonight: 7 });
    expect(backend.overview).toHaveBeenCalledTimes(2);
  });

  it("is forgotten when the status says the home screen is not next (no club, a damaged file)", async () => {
    const backend = backendAnswering([1, 3]);
    await askForTheHomeScreenEarly();
    forgetTheEarlyHomeScreen();
    const [overview] = await homeScreenData();
    expect(overview).toEqual({ tonight: 3 });
    expect(backend.overview).toHaveBeenCalledTimes(2);
  });
});
