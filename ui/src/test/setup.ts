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
