import type { Venue } from "../../lib/ipc/bindings";

/** A new session or series meets at the club's venue when it has just one in use. */
export function onlyVenue(venues: Venue[]): number | null {
  const inUse = venues.filter((v) => !v.archived);
  return inUse.length === 1 ? inUse[0].id : null;
}
