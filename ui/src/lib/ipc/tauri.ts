// The only file that talks to Tauri. Argument keys are camelCase: Tauri maps them to the
// Rust commands' snake_case parameters; the values inside are the generated types.
import { invoke } from "@tauri-apps/api/core";
import type { Backend } from "./backend";
import type { COMMANDS } from "./bindings";

type Command = (typeof COMMANDS)[number];

function call<T>(command: Command, args: Record<string, unknown> = {}): Promise<T> {
  return invoke<T>(command, args);
}

export const tauriBackend: Backend = {
  appStatus: () => call("app_status"),
  exploreDemo: () => call("explore_demo"),
  leaveDemo: () => call("leave_demo"),
  vocabulary: () => call("vocabulary"),
  saveClub: (details) => call("save_club", { details }),
  overview: () => call("overview"),
  figures: (from, to) => call("figures", { from, to }),

  venues: () => call("venues"),
  addVenue: (input) => call("add_venue", { input }),
  updateVenue: (id, input) => call("update_venue", { id, input }),
  setVenueArchived: (id, archived) => call("set_venue_archived", { id, archived }),

  searchYoungPeople: (search) => call("search_young_people", { search }),
  youngPerson: (id) => call("young_person", { id }),
  addYoungPerson: (reference, profile, confirmedNew) => call("add_young_person", { reference, profile, confirmedNew }),
  updateYoungPerson: (id, reference, profile) => call("update_young_person", { id, reference, profile }),
  setYoungPersonArchived: (id, archived) => call("set_young_person_archived", { id, archived }),

  allSeries: () => call("all_series"),
  addSeries: (input) => call("add_series", { input }),
  updateSeries: (id, input) => call("update_series", { id, input }),
  setSeriesArchived: (id, archived) => call("set_series_archived", { id, archived }),
  sessionsBetween: (from, to) => call("sessions_between", { from, to }),
  session: (id) => call("session", { id }),
  addSession: (input) => call("add_session", { input }),
  updateSession: (id, input) => call("update_session", { id, input }),
  cancelSession: (id, reason) => call("cancel_session", { id, reason }),
  restoreSession: (id) => call("restore_session", { id }),
  deleteSession: (id) => call("delete_session", { id }),
  outcomeFrameworks: () => call("outcome_frameworks"),

  register: (sessionId) => call("register", { sessionId }),
  markPresent: (sessionId, youngPersonId) => call("mark_present", { sessionId, youngPersonId }),
  unmark: (sessionId, youngPersonId) => call("unmark", { sessionId, youngPersonId }),
  setTimes: (sessionId, youngPersonId, arrived, left) => call("set_times", { sessionId, youngPersonId, arrived, left }),
  addAtDoor: (sessionId, arrival) => call("add_at_door", { sessionId, arrival }),
  setHeadcount: (sessionId, count) => call("set_headcount", { sessionId, count }),
  setSessionNotes: (sessionId, notes) => call("set_session_notes", { sessionId, notes }),
  savePaperRegister: (sessionId) => call("save_paper_register", { sessionId }),
  importYoungPeople: () => call("import_young_people"),
  importAttendance: () => call("import_attendance"),
};
