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

  peopleList: () => call("people_list"),
  addPerson: (input) => call("add_person", { input }),
  updatePerson: (id, input) => call("update_person", { id, input }),
  setPersonArchived: (id, archived) => call("set_person_archived", { id, archived }),
  courses: () => call("courses"),
  addCourse: (input) => call("add_course", { input }),
  updateCourse: (id, input) => call("update_course", { id, input }),
  setCourseArchived: (id, archived) => call("set_course_archived", { id, archived }),
  setRequirement: (role, courseId, required) => call("set_requirement", { role, courseId, required }),
  staffingPolicy: () => call("staffing_policy"),
  setStaffingPolicy: (policy) => call("set_staffing_policy", { policy }),
  ratioRules: () => call("ratio_rules"),
  setRatioRules: (rules) => call("set_ratio_rules", { rules }),
  trainingRecords: (personId) => call("training_records", { personId }),
  logTraining: (input) => call("log_training", { input }),
  updateTraining: (id, input) => call("update_training", { id, input }),
  deleteTraining: (id) => call("delete_training", { id }),
  confirmTraining: (id, by) => call("confirm_training", { id, by }),
  attachCertificate: (recordId) => call("attach_certificate", { recordId }),
  trainingMatrix: (on, filter) => call("training_matrix", { on, filter }),
  saveTrainingMatrix: (on, filter, format) => call("save_training_matrix", { on, filter, format }),
  trainingDue: (withinDays) => call("training_due", { withinDays }),
  sessionStaffing: (sessionId) => call("session_staffing", { sessionId }),
  setStaffing: (sessionId, personId, role, hours) => call("set_staffing", { sessionId, personId, role, hours }),
  removeStaffing: (sessionId, personId) => call("remove_staffing", { sessionId, personId }),
  staffFromSeries: (sessionId) => call("staff_from_series", { sessionId }),
  seriesTeam: (seriesId) => call("series_team", { seriesId }),
  setSeriesTeam: (seriesId, team) => call("set_series_team", { seriesId, team }),
  staffHours: (from, to) => call("staff_hours", { from, to }),

  templatesList: () => call("templates_list"),
  copyTemplate: (id, name) => call("copy_template", { id, name }),
  saveTemplate: (template) => call("save_template", { template }),
  deleteTemplate: (id) => call("delete_template", { id }),
  exportTemplate: (id) => call("export_template", { id }),
  importTemplate: () => call("import_template"),
  previewReturn: (request, template) => call("preview_return", { request, template }),
  produceReturn: (request, format) => call("produce_return", { request, format }),
  saveReturnRegister: (request) => call("save_return_register", { request }),
  savedReturns: () => call("saved_returns"),
  checkSavedReturn: (id) => call("check_saved_return", { id }),
  saveSavedReturn: (id, format) => call("save_saved_return", { id, format }),

  projects: () => call("projects"),
  addProject: (name, funder) => call("add_project", { name, funder }),
  updateProject: (id, name, funder) => call("update_project", { id, name, funder }),
  setProjectArchived: (id, archived) => call("set_project_archived", { id, archived }),
  circumstances: () => call("circumstances"),
  addCircumstance: (label) => call("add_circumstance", { label }),
  relabelCircumstance: (code, label) => call("relabel_circumstance", { code, label }),
  setCircumstanceArchived: (code, archived) => call("set_circumstance_archived", { code, archived }),

  chooseLogo: () => call("choose_logo"),
  removeLogo: () => call("remove_logo"),
  hasLogo: () => call("has_logo"),
};
