import { tick } from "svelte";

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
