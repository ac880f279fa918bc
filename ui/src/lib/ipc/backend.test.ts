import { afterEach, describe, expect, it } from "vitest";
import { backend, setBackend, whenDamaged } from "./backend";
import { FakeBackend } from "./fake";
import type { ErrorReport } from "./bindings";

const report = (kind: ErrorReport["kind"], message: string): ErrorReport => ({ kind, message, details: [], candidates: [] });

describe("a command that finds the club file damaged", () => {
  afterEach(() => whenDamaged(null));

  it("tells the app (once) and still gives the screen the core's words", async () => {
    const fake = new FakeBackend();
    setBackend(fake);
    let told = 0;
    whenDamaged(() => (told += 1));
    const damaged = report("damaged", "This club file is damaged. The latest good backup is from Monday.");
    fake.failNext["venues"] = damaged;
    await expect(backend().venues()).rejects.toEqual(damaged);
    expect(told).toBe(1);
  });

  it("is not said for any other refusal, nor for an answer", async () => {
    const fake = new FakeBackend();
    setBackend(fake);
    let told = 0;
    whenDamaged(() => (told += 1));
    fake.failNext["venues"] = report("busy", "Clubroom is busy saving.");
    await expect(backend().venues()).rejects.toMatchObject({ kind: "busy" });
    await backend().venues();
    expect(told).toBe(0);
  });
});
