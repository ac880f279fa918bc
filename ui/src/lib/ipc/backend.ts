// What the screens can ask of the app. Only tauri.ts talks to Tauri; fake.ts is an in-memory
// stand-in for screen tests. The methods are generated from the Rust commands themselves
// (commands.ts), so a screen cannot call a command with arguments the app does not take.
import type { Commands } from "./commands";

/** The formats a return is saved in. */
export type ReturnFormat = "pdf" | "csv" | "json" | "xlsx";

/** How far an import has got (`import-progress` events from the app): steps are rows checked
 *  and rows saved, so `done / total` fills a progress bar. */
export type ImportProgress = { done: number; total: number };

/** What the app tells the window without being asked. */
export interface Events {
  /** Calls `show` with each step of the import running now; the answer stops listening. */
  onImportProgress(show: (progress: ImportProgress) => void): Promise<() => void>;
}

export type Backend = Commands & Events;

/** The backend's methods that are events, not commands. */
export const EVENT_METHODS: (keyof Events)[] = ["onImportProgress"];

let current: Backend | null = null;

let damageListener: (() => void) | null = null;

/** `listener` is called whenever a command answers that the club file is damaged: a read can
 *  meet a damaged page while the damage check that starts with the app is still running, and
 *  the window must then show the damaged file's screen (its backups), not a message alone. */
export function whenDamaged(listener: (() => void) | null): void {
  damageListener = listener;
}

function isDamagedReport(error: unknown): boolean {
  return !!error && typeof error === "object" && (error as { kind?: unknown }).kind === "damaged";
}

/** `backend` with every command's refusal looked at for damage on its way to the screen. */
function watchedForDamage(backend: Backend): Backend {
  return new Proxy(backend, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const answer = value.apply(target, args);
        if (!(answer instanceof Promise)) return answer;
        return answer.catch((error: unknown) => {
          if (isDamagedReport(error)) damageListener?.();
          throw error;
        });
      };
    },
  });
}

export function setBackend(backend: Backend): void {
  current = watchedForDamage(backend);
}

export function backend(): Backend {
  if (!current) throw new Error("No backend has been set");
  return current;
}

/** "mark_present" -> "markPresent" */
export function methodName(command: string): string {
  return command.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
