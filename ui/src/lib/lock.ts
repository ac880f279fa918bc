// Locking the app: on demand, and after a while without use (the club's lock-after minutes).
import { app, refreshStatus, toastError } from "./app.svelte";
import { backend } from "./ipc/backend";

/** What counts as someone using the app. */
const ACTIVITY = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/** Locks now: the screen is hidden until the same person gives their password or PIN. */
export async function lockNow(): Promise<void> {
  try {
    await backend().lock();
    await refreshStatus();
  } catch (error) {
    toastError(error);
  }
}

/** Signs out: the sign-in screen comes next. */
export async function signOut(): Promise<void> {
  try {
    await backend().signOut();
    // The status first: the sign-in screen replaces the shell before any screen could load
    // (and be refused) under it; whoever signs in next starts at home.
    await refreshStatus();
    app.screen = { name: "home" };
  } catch (error) {
    toastError(error);
  }
}

/** Calls `onIdle` once `minutes` pass with no pointer or key activity (0: never). Each bit of
 *  activity starts the wait again. Returns a function that stops watching. */
export function watchInactivity(minutes: number, onIdle: () => void): () => void {
  if (!minutes || minutes <= 0) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, minutes * 60_000);
  };
  for (const event of ACTIVITY) window.addEventListener(event, restart, { passive: true, capture: true });
  restart();
  return () => {
    clearTimeout(timer);
    for (const event of ACTIVITY) window.removeEventListener(event, restart, { capture: true });
  };
}
