// What the screens can ask of the app. Only tauri.ts talks to Tauri; fake.ts is an in-memory
// stand-in for screen tests. Types come from bindings.ts, generated from the Rust types.
import type {
  AppStatus,
  DemoSummary,
  DoorArrival,
  Figures,
  Framework,
  Headcount,
  ImportOutcome,
  Organisation,
  Overview,
  Profile,
  Register,
  RegisterEntry,
  Search,
  SearchResult,
  Series,
  SeriesInput,
  Session,
  SessionInput,
  Venue,
  VenueInput,
  Vocabulary,
  YoungPerson,
} from "./bindings";

export interface Backend {
  appStatus(): Promise<AppStatus>;
  exploreDemo(): Promise<DemoSummary | null>;
  leaveDemo(): Promise<null>;
  vocabulary(): Promise<Vocabulary>;
  saveClub(details: Organisation): Promise<Organisation>;
  overview(): Promise<Overview>;
  figures(from: string, to: string): Promise<Figures>;

  venues(): Promise<Venue[]>;
  addVenue(input: VenueInput): Promise<Venue>;
  updateVenue(id: number, input: VenueInput): Promise<Venue>;
  setVenueArchived(id: number, archived: boolean): Promise<Venue>;

  searchYoungPeople(search: Search): Promise<SearchResult>;
  youngPerson(id: number): Promise<YoungPerson>;
  addYoungPerson(reference: string | null, profile: Profile, confirmedNew: boolean): Promise<YoungPerson>;
  updateYoungPerson(id: number, reference: string, profile: Profile): Promise<YoungPerson>;
  setYoungPersonArchived(id: number, archived: boolean): Promise<YoungPerson>;

  allSeries(): Promise<Series[]>;
  addSeries(input: SeriesInput): Promise<Series>;
  updateSeries(id: number, input: SeriesInput): Promise<Series>;
  setSeriesArchived(id: number, archived: boolean): Promise<Series>;
  sessionsBetween(from: string, to: string): Promise<Session[]>;
  session(id: number): Promise<Session>;
  addSession(input: SessionInput): Promise<Session>;
  updateSession(id: number, input: SessionInput): Promise<Session>;
  cancelSession(id: number, reason: string | null): Promise<Session>;
  restoreSession(id: number): Promise<Session>;
  deleteSession(id: number): Promise<null>;
  outcomeFrameworks(): Promise<Framework[]>;

  register(sessionId: number): Promise<Register>;
  markPresent(sessionId: number, youngPersonId: number): Promise<RegisterEntry>;
  unmark(sessionId: number, youngPersonId: number): Promise<RegisterEntry>;
  setTimes(sessionId: number, youngPersonId: number, arrived: string | null, left: string | null): Promise<RegisterEntry>;
  addAtDoor(sessionId: number, arrival: DoorArrival): Promise<RegisterEntry>;
  setHeadcount(sessionId: number, count: Headcount): Promise<Headcount[]>;
  setSessionNotes(sessionId: number, notes: string): Promise<Session>;
  savePaperRegister(sessionId: number): Promise<string | null>;
  importYoungPeople(): Promise<ImportOutcome | null>;
  importAttendance(): Promise<ImportOutcome | null>;
}

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
