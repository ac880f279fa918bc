// Shared set-up for screen tests: a fake backend with a small club, and the app's state
// filled in as if the window had just loaded.
import { app } from "../lib/app.svelte";
import { setBackend } from "../lib/ipc/backend";
import { FakeBackend, fakeVocabulary, recordedPeriods } from "../lib/ipc/fake";
import { resetChoices } from "../screens/returns/state.svelte";

export function freshClub(): FakeBackend {
  const fake = new FakeBackend();
  fake.club = {
    name: "St Mary's Youth Club",
    charity_number: null,
    lyp_name: null,
    lyp_member_code: null,
    volunteer_hour_value_gbp: 0,
    consent_self_age: 13,
    is_demo: false,
    area: null,
    frameworks_added: [],
  };
  setBackend(fake);
  app.status = {
    database: "/tmp/club.sqlite3",
    exploring_demo: false,
    club: fake.club,
    problem: null,
    today: fake.today,
    periods: recordedPeriods(),
    version: "0.1.0",
    signed_in: structuredClone(fake.signedIn),
    needs_sign_in: false,
    needs_first_manager: false,
    locked: false,
    lock_after_minutes: fake.lockAfterMinutes,
    sign_in_names: fake.accounts.map((a) => a.name),
  };
  app.vocabulary = fakeVocabulary;
  app.toasts = [];
  app.loading = false;
  resetChoices();
  return fake;
}

/**
 * The club the Returns and template editor tests use, as src-tauri/tests/recorded_returns.rs
 * sets it up for the core (whose answers about it the fake replays): Jay and Amira, Tuesday
 * Juniors on 7 July (both), 4 August (Jay; four girls aged 11-13 counted; the project "Youth
 * Investment", number 1) and 6 October 2026 (Amira).
 */
export function returnsClub(): FakeBackend {
  const fake = freshClub();
  fake.scenario = "returns";
  const jay = fake.addYoung("Jay", "Smith", "2012-03-04");
  const amira = fake.addYoung("Amira", "Hussain", "2014-05-04");
  jay.profile.gender = "male";
  amira.profile.gender = "female";
  amira.profile.postcode = "CV6 4AB";
  fake.projectList = [{ id: 1, name: "Youth Investment", funder: "DCMS", archived: false }];
  const july = fake.addSessionOn("2026-07-07", "Tuesday Juniors");
  const august = fake.addSessionOn("2026-08-04", "Tuesday Juniors");
  const october = fake.addSessionOn("2026-10-06", "Tuesday Juniors");
  august.project_id = 1;
  fake.marks.set(july.id, new Map([[jay.id, { arrived: null, left: null }], [amira.id, { arrived: null, left: null }]]));
  fake.marks.set(august.id, new Map([[jay.id, { arrived: null, left: null }]]));
  fake.marks.set(october.id, new Map([[amira.id, { arrived: null, left: null }]]));
  fake.headcounts.set(august.id, [{ gender: "female", age_band: "11-13", count: 4 }]);
  return fake;
}
