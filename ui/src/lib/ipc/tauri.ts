// The only file that talks to Tauri: every command's call is generated from its Rust
// declaration (commands.ts); this file only hands them Tauri's invoke.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Backend, ImportProgress } from "./backend";
import { commandsOver } from "./commands";

export const tauriBackend: Backend = {
  ...commandsOver(invoke),
  onImportProgress: (show) => listen<ImportProgress>("import-progress", (event) => show(event.payload)),
};
