import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands";
import { EVENT_METHODS, methodName } from "./backend";
import { tauriBackend } from "./tauri";
import { FakeBackend } from "./fake";

describe("the IPC surface", () => {
  it("has a backend method for every command the app registers", () => {
    for (const command of COMMANDS) {
      expect(typeof (tauriBackend as unknown as Record<string, unknown>)[methodName(command)], command).toBe("function");
      expect(typeof (new FakeBackend() as unknown as Record<string, unknown>)[methodName(command)], command).toBe("function");
    }
  });

  it("has no backend method without a command", () => {
    const methods = Object.keys(tauriBackend).sort();
    // Besides the commands, only the events the app sends (an import's progress).
    expect(methods).toEqual([...COMMANDS.map(methodName), ...EVENT_METHODS].sort());
  });
});
