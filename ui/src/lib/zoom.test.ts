import { afterEach, describe, expect, it } from "vitest";
import { currentZoom, watchZoomKeys, zoomFor } from "./zoom";
import { FakeBackend } from "./ipc/fake";
import { setBackend } from "./ipc/backend";

const key = (k: string, ctrl = true) => ({ key: k, ctrlKey: ctrl, metaKey: false, altKey: false });

describe("zoom keys", () => {
  it("step through the browser's levels and back to 100%", () => {
    expect(zoomFor(key("="), 1)).toBe(1.1);
    expect(zoomFor(key("+"), 1.75)).toBe(2);
    expect(zoomFor(key("-"), 1)).toBe(0.9);
    expect(zoomFor(key("0"), 2)).toBe(1);
    expect(zoomFor(key("="), 3)).toBe(3);
    expect(zoomFor(key("-"), 0.5)).toBe(0.5);
    expect(zoomFor(key("=", false), 1)).toBeNull();
    expect(zoomFor(key("n"), 1)).toBeNull();
  });

  let stop: (() => void) | null = null;
  afterEach(() => stop?.());

  it("Ctrl and = five times asks the window for 200%, Ctrl and 0 for 100%", async () => {
    const fake = new FakeBackend();
    setBackend(fake);
    stop = watchZoomKeys((e) => {
      throw e;
    });
    for (let i = 0; i < 5; i++) window.dispatchEvent(new KeyboardEvent("keydown", { key: "=", ctrlKey: true }));
    await new Promise((r) => setTimeout(r, 50));
    expect(currentZoom()).toBe(2);
    expect(fake.zoom).toBe(2);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "0", ctrlKey: true }));
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.zoom).toBe(1);
  });
});
