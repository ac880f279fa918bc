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

export function setBackend(backend: Backend): void {
  current = backend;
}

export function backend(): Backend {
  if (!current) throw new Error("No backend has been set");
  return current;
}

/** "mark_present" -> "markPresent" */
export function methodName(command: string): string {
  return command.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
