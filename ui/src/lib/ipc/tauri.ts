// The only file that talks to Tauri: every command's call is generated from its Rust
// declaration (commands.ts); this file only hands them Tauri's invoke.
import { invoke } from "@tauri-apps/api/core";
import type { Backend } from "./backend";
import { commandsOver } from "./commands";

export const tauriBackend: Backend = commandsOver(invoke);
