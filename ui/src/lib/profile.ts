import type { Profile } from "./ipc/bindings";

/** A profile with only a name: what a new young person starts as. */
export function emptyProfile(first = "", last = ""): Profile {
  return {
    first_name: first,
    last_name: last,
    preferred_name: null,
    date_of_birth: null,
    age: null,
    gender: "unknown",
    ethnicity: null,
    disability: "unknown",
    send_notes: null,
    postcode: null,
    school: null,
    education_status: null,
    circumstances: {
      care_experienced: null,
      young_carer: null,
      looked_after: null,
      care_leaver: null,
      child_protection_plan: null,
      newly_arrived: null,
    },
    circumstance_codes: [],
    referred_by: null,
    referred_to: null,
    medical_notes: null,
    allergies: null,
    consents: [],
    emergency_contacts: [],
  };
}
