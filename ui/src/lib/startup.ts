import { tick } from "svelte";
import type { DueItem, Overview } from "./ipc/bindings";
import { backend } from "./ipc/backend";

/**
 * The mark the start-up benchmark reads through WebDriver (scripts/bench-memory.sh,
 * docs/performance.md "The first screen"): the first screen, with its data, on screen.
 */
export const FIRST_SCREEN_MARK = "clubroom-first-screen";

/**
 * Marks, once per start of the app, the moment the first screen with its data has been drawn:
 * after Svelte has put the data on the page (`tick`) and the next frame has been painted (a
 * frame callback asked for inside another runs once that frame is on screen). Only a
 * performance mark: nothing is sent or kept.
 */
export async function markFirstScreen(): Promise<void> {
  if (marked()) return;
  await tick();
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (!marked()) performance.mark(FIRST_SCREEN_MARK);
    }),
  );
}

function marked(): boolean {
  return performance.getEntriesByName(FIRST_SCREEN_MARK).length > 0;
}

/**
 * Marks a step on the way to the first screen (`clubroom-<step>`), once per start: the
 * start-up benchmark prints them, so the time to the first screen can be broken down.
 */
export function markStep(step: string): void {
  const name = `clubroom-${step}`;
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

type HomeData = [Overview, DueItem[]];

/** The home screen's data, asked for as the app started and not yet used. */
let early: Promise<HomeData> | null = null;

/**
 * Asks for the home screen's data as the app starts, beside its status, so the first screen
 * is drawn once with everything on it instead of empty first and filled a moment later
 * (each drawing of the whole window costs an old laptop about a tenth of a second). Asked of
 * a club that needs someone to sign in, it is refused quietly and asked for again later.
 */
export function askForTheHomeScreenEarly(): Promise<unknown> {
  early = homeDataNow();
  return early.catch(() => {});
}

/** Forgets the data asked for at the start (the status says the home screen is not next). */
export function forgetTheEarlyHomeScreen(): void {
  early = null;
}

/** The home screen's data: what the start asked for (used once), else asked for now. */
export function homeScreenData(): Promise<HomeData> {
  const asked = early;
  early = null;
  return asked ? asked.catch(homeDataNow) : homeDataNow();
}

function homeDataNow(): Promise<HomeData> {
  return Promise.all([backend().overview(), backend().trainingDue(60)]);
}

/**
 * The text font loaded, so the first drawing is in it rather than in a fallback redrawn a
 * moment later. Never fails: a font that does not come leaves the fallback.
 */
export function textFontLoaded(): Promise<void> {
  const loaded = document.fonts?.load('1em "Inter Variable"').then(() => undefined) ?? Promise.resolve();
  return loaded.catch(() => undefined);
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
