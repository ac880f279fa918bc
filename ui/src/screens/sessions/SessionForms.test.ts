import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import SessionForm from "./SessionForm.svelte";
import SeriesForm from "./SeriesForm.svelte";
import { freshClub } from "../../test/setup";
import type { Venue } from "../../lib/ipc/bindings";

const hall: Venue = { id: 4, name: "St Mary's Hall", address: null, postcode: "CV1 2AB", archived: false };
const oldHall: Venue = { ...hall, id: 5, name: "Old Hall", archived: true };
const park: Venue = { ...hall, id: 6, name: "The Park" };

describe("a new session or series and the club's venues", () => {
  it("meets at the club's only venue in use, without choosing it", () => {
    freshClub();
    render(SessionForm, { venues: [hall, oldHall], onclose: () => {}, onsaved: () => {} });
    expect((document.getElementById("session-venue") as HTMLSelectElement).selectedOptions[0].text).toBe("St Mary's Hall");
  });

  it("does the same for a weekly series", () => {
    freshClub();
    render(SeriesForm, { venues: [hall], onclose: () => {}, onsaved: () => {} });
    expect((screen.getByTestId("series-venue") as HTMLSelectElement).selectedOptions[0].text).toBe("St Mary's Hall");
  });

  it("asks when there is more than one venue", () => {
    freshClub();
    render(SessionForm, { venues: [hall, park], onclose: () => {}, onsaved: () => {} });
    expect((document.getElementById("session-venue") as HTMLSelectElement).selectedOptions[0].text).toBe("No venue");
  });
});
