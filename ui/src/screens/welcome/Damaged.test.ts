import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Welcome from "./Welcome.svelte";
import { freshClub } from "../../test/setup";
import { app } from "../../lib/app.svelte";

const damagedMessage =
  "This club file is damaged and cannot be opened safely. Clubroom has not changed it. The latest good backup is from Tuesday 1 December 2026, 18:05.";

describe("a damaged club file", () => {
  it("is said plainly and the latest good backup is offered, then restored", async () => {
    const user = userEvent.setup();
    const fake = freshClub();
    fake.addYoung("Jay", "Smith");
    const good = fake.fakeBackup("daily", "2026-12-01T18:05:00+00:00");
    good.made_at_label = "Tuesday 1 December 2026, 18:05";
    fake.goodBackup = {
      entry: good,
      club_name: "St Mary's Youth Club",
      young_people: 57,
      sessions: 24,
      attendances: 611,
      latest_session: "2026-12-01",
      schema_version: 8,
    };
    app.status!.club = null;
    app.status!.problem = { kind: "damaged", message: damagedMessage, details: [], candidates: [] };
    render(Welcome, {});
    expect(screen.getByTestId("open-problem").textContent).toContain("Clubroom has not changed it.");
    const offer = await screen.findByTestId("damaged-offer");
    await waitFor(() => expect(offer.textContent).toContain("Tuesday 1 December 2026, 18:05"));
    expect(screen.getByTestId("backup-preview-young-people").textContent).toBe("57");
    expect(screen.getByTestId("backup-preview-attendances").textContent).toBe("611");
    expect(screen.getByTestId("backup-preview-latest-session").textContent).toBe("Tue 1 Dec 2026");
    expect(screen.queryByTestId("setup-club")).toBeNull();

    await user.click(screen.getByTestId("restore-latest"));
    await waitFor(() => expect(fake.restoredFrom).toEqual([good.path]));
    expect(fake.calls).toContain("app_status");
  });

  it("says when there is no good backup to offer", async () => {
    const fake = freshClub();
    fake.goodBackup = null;
    app.status!.problem = { kind: "damaged", message: damagedMessage, details: [], candidates: [] };
    render(Welcome, {});
    await waitFor(() => expect(screen.getByTestId("damaged-offer").textContent).toContain("No good backup was found"));
  });

  it("offers no backup for a problem that is not damage", () => {
    const fake = freshClub();
    app.status!.problem = { kind: "database-too-new", message: "This club file was saved by a newer version of Clubroom.", details: [], candidates: [] };
    render(Welcome, {});
    expect(screen.queryByTestId("damaged-offer")).toBeNull();
    expect(fake.calls).not.toContain("latest_good_backup");
  });
});
