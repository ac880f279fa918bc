// Ctrl and + / - / 0 zoom the window, as in a browser (WCAG 1.4.4: text resized to 200%).
// The webview's own zoom is used (the `set_zoom` command), so media queries see the smaller
// viewport and the layout reflows: 200% of a 1366 x 768 laptop is 683 x 384 CSS pixels.
import { backend } from "./ipc/backend";
// The zoom levels are the core's (`zoom::STEPS`, generated into bindings.ts); the window's
// `set_zoom` keeps to the core's limits whatever it is asked.
import { ZOOM_STEPS } from "./ipc/bindings";
const KEY = "clubroom.zoom";

function saved(): number {
  const value = Number(globalThis.localStorage?.getItem(KEY));
  return ZOOM_STEPS.includes(value) ? value : 1;
}

let level = saved();

export function currentZoom(): number {
  return level;
}

/** The zoom a key press asks for, or null when it is not a zoom key. */
export function zoomFor(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">, from: number): number | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const at = ZOOM_STEPS.indexOf(from) === -1 ? ZOOM_STEPS.indexOf(1) : ZOOM_STEPS.indexOf(from);
  if (event.key === "=" || event.key === "+") return ZOOM_STEPS[Math.min(at + 1, ZOOM_STEPS.length - 1)];
  if (event.key === "-" || event.key === "_") return ZOOM_STEPS[Math.max(at - 1, 0)];
  if (event.key === "0") return 1;
  return null;
}

export async function setZoom(factor: number): Promise<void> {
  level = factor;
  try {
    globalThis.localStorage?.setItem(KEY, String(factor));
  } catch {
    // Private storage refused: the zoom still applies for now.
  }
  await backend().setZoom(factor);
}

/** Listens for the zoom keys on the whole window (and restores the last zoom); returns the
 *  function that stops listening. */
export function watchZoomKeys(onerror: (error: unknown) => void): () => void {
  if (level !== 1) setZoom(level).catch(onerror);
  const onkeydown = (event: KeyboardEvent) => {
    const next = zoomFor(event, level);
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();
    if (next !== level) setZoom(next).catch(onerror);
  };
  // Capture, so that a field's own key handling (the register's "+" for someone new) never
  // sees Ctrl and +.
  window.addEventListener("keydown", onkeydown, true);
  return () => window.removeEventListener("keydown", onkeydown, true);
}
