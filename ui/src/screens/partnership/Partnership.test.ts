import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Partnership from "./Partnership.svelte";
import { freshClub } from "../../test/setup";
import { recordedError, type FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;

// Today in the fake is 24 November 2026: the last full quarter is July to September. The
// summaries are the core's, recorded (src-tauri/tests/recorded.rs) on the scenario's club:
// seven young people at one session in July, six girls and one boy, so the boy's cell is
// withheld, and the girls' too (one withheld cell alone could be worked out from the total).
beforeEach(() => {
  fake = freshClub();
  fake.club!.lyp_member_code = "COV-0042";
  fake.club!.lyp_name = "Coventry Youth Partnership";
  fake.scenario = "partnership";
});

const row = (dimension: string, category: string) =>
  screen.getAllByTestId("summary-row").find((r) => r.dataset.dimension === dimension && r.dataset.category === category)!;

async function setFolder(user: ReturnType<typeof userEvent.setup>) {
  const card = await screen.findByTestId("partnership-destination");
  await user.click(within(card).getByTestId("destination-folder"));
  await user.click(within(card).getByTestId("destination-choose"));
  await waitFor(() => expect((screen.getByTestId("destination-location") as HTMLInputElement).value).toBe("/home/club/Nextcloud/Partnership"));
  await user.click(screen.getByTestId("destination-save"));
  await waitFor(() => expect(fake.destination).not.toBeNull());
}

describe("the partnership summary", () => {
  it("sets a folder destination and saves it, with the member code shown", async () => {
    const user = userEvent.setup();
    render(Partnership, {});
    await setFolder(user);
    expect(fake.destination).toEqual({
      kind: "folder",
      location: "/home/club/Nextcloud/Partnership",
      user_name: null,
      calendar: "quarterly",
      custom_periods: [],
    });
    expect(screen.getByTestId("partnership-member-code").textContent).toContain("COV-0042");
    expect(app.toasts.at(-1)!.message).toContain("Saved");
  });

  it("keeps a WebDAV password out of the destination and says where it goes", async () => {
    const user = userEvent.setup();
    render(Partnership, {});
    await user.click(await screen.findByTestId("destination-webdav"));
    expect(screen.queryByTestId("destination-choose")).toBeNull();
    await user.type(screen.getByTestId("destination-location"), "https://dav.example.org/lyp/");
    await user.type(screen.getByTestId("destination-user"), "stmarys");
    const password = screen.getByTestId("destination-password") as HTMLInputElement;
    expect(password.type).toBe("password");
    expect(screen.getByText(/keychain, not in Clubroom's file/)).toBeTruthy();
    await user.type(password, "app-secret");
    await user.selectOptions(screen.getByTestId("destination-calendar"), "monthly");
    await user.click(screen.getByTestId("destination-save"));
    await waitFor(() => expect(fake.destination?.kind).toBe("webdav"));
    expect(JSON.stringify(fake.destination)).not.toContain("app-secret");
    expect(fake.keychainPassword).toBe("app-secret");
    expect(password.value).toBe("");
    // A monthly calendar starts on the last full month.
    expect((screen.getByTestId("summary-from") as HTMLInputElement).value).toBe("01/10/2026");
    expect((screen.getByTestId("summary-to") as HTMLInputElement).value).toBe("31/10/2026");
  });

  it("shows a save error in words", async () => {
    const user = userEvent.setup();
    // What the core answers to a folder destination with no folder chosen.
    fake.failNext.set_partnership_destination = recordedError("new-club", "set_partnership_destination");
    render(Partnership, {});
    await user.click(await screen.findByTestId("destination-save"));
    expect((await screen.findByTestId("destination-error")).textContent).toContain("Choose the folder");
  });

  it("previews the last full quarter with the privacy line and the withheld cells", async () => {
    render(Partnership, {});
    const preview = await screen.findByTestId("summary-preview");
    // The core says which period is due (due_summary_period).
    await waitFor(() => expect((screen.getByTestId("summary-from") as HTMLInputElement).value).toBe("01/07/2026"));
    expect((screen.getByTestId("summary-to") as HTMLInputElement).value).toBe("30/09/2026");
    expect(screen.getByTestId("summary-privacy").textContent).toBe("No names, dates of birth, full postcodes or notes are included.");
    await waitFor(() => expect(screen.getAllByTestId("summary-row").length).toBeGreaterThan(0));
    // Exactly the rows that will be sent, each once.
    const sent = (await fake.previewSummary("2026-07-01", "2026-09-30")).rows;
    expect(screen.getAllByTestId("summary-row").map((r) => `${r.dataset.measure}/${r.dataset.dimension}/${r.dataset.category}`)).toEqual(
      sent.map((r) => `${r.measure}/${r.dimension}/${r.category}`),
    );
    const attendances = screen.getAllByTestId("summary-row").find((r) => r.dataset.measure === "attendances")!;
    expect(attendances.textContent).toContain("7");
    const male = row("gender", "male");
    expect(male.dataset.suppressed).toBe("true");
    expect(male.textContent).toContain("Withheld");
    expect(male.textContent).not.toContain("1");
    expect(row("gender", "female").dataset.suppressed).toBe("true");
    expect(row("gender", "non-binary").dataset.suppressed).toBe("false");
    expect(row("gender", "non-binary").textContent).toContain("0");
    expect(within(preview).getByTestId("summary-withheld-note").textContent).toContain("counts of 1 to 4");
  });

  it("previews what changed for young people on ONS4, with small counts withheld and the attribution", async () => {
    // Recorded on a project whose plan asked twelve young people twice (recorded.rs,
    // partnership_outcomes): life satisfaction 7 improved, 3 no change, 2 worse.
    fake.scenario = "partnership-outcomes";
    render(Partnership, {});
    const outcome = await screen.findByTestId("summary-outcome");
    expect(outcome.dataset.dimension).toBe("ons4/1");
    expect(outcome.textContent).toContain("What changed: ONS personal well-being (ONS4)");
    // Every figure that will be sent shows once, in the order it is sent, outcomes included.
    const sent = (await fake.previewSummary("2026-07-01", "2026-09-30")).rows;
    expect(sent.some((r) => r.dimension === "ons4/1")).toBe(true);
    expect(screen.getAllByTestId("summary-row").map((r) => `${r.dataset.measure}/${r.dataset.dimension}/${r.dataset.category}`)).toEqual(
      sent.map((r) => `${r.measure}/${r.dimension}/${r.category}`),
    );
    const life = within(outcome).getByText("Overall, how satisfied are you with your life nowadays?").closest("tr")!;
    const figures = within(life).getAllByTestId("summary-row");
    expect(figures.map((f) => f.dataset.measure)).toEqual(["change_paired", "change_improved", "change_no_change", "change_worse", "change_mean"]);
    expect(figures.map((f) => f.textContent!.trim())).toEqual(["12", "7", "Withheld", "Withheld", "+0.83"]);
    const coverage = within(outcome).getAllByTestId("summary-row").find((r) => r.dataset.measure === "checkin_paired")!;
    expect(coverage.textContent).toContain("Asked twice (paired)");
    expect(coverage.textContent).toContain("12");
    expect(within(outcome).getByTestId("summary-outcome-attribution").textContent).toContain("Office for National Statistics");
    // The outcome rows are not shown again as a breakdown of young people.
    expect(screen.queryByText("ons4/1")).toBeNull();
  });

  it("says when the member code is missing, with the way to the Club page", async () => {
    const user = userEvent.setup();
    fake.club!.lyp_member_code = null;
    fake.scenario = "partnership-without-member-code";
    render(Partnership, {});
    expect((await screen.findByTestId("summary-error")).textContent).toContain("member code on the Club page");
    await user.click(screen.getByTestId("partnership-club-link"));
    expect(app.screen).toEqual({ name: "club" });
  });

  it("sends the period and lists it as sent in the outbox and the log", async () => {
    const user = userEvent.setup();
    render(Partnership, {});
    await setFolder(user);
    await waitFor(() => expect(screen.getAllByTestId("summary-row").length).toBeGreaterThan(0));
    await user.click(screen.getByTestId("summary-send"));
    const entry = await screen.findByTestId("summary-outbox-entry");
    expect(entry.dataset.status).toBe("sent");
    expect(entry.textContent).toContain("1 Jul 2026 to 30 Sep 2026");
    expect(entry.textContent).toContain("Sent");
    const logged = await screen.findByTestId("sync-log-entry");
    expect(logged.dataset.result).toBe("sent");
    expect(logged.textContent).toContain("/home/club/Nextcloud/Partnership");
    expect(logged.textContent).toContain("COV-0042_2026-07-01_2026-09-30_lyp-summary-2.csv");
    expect(app.toasts.at(-1)!.message).toBe("Sent the summary for 1 Jul 2026 to 30 Sep 2026 to the partnership.");
    // Sending the same period again replaces it: one entry, two attempts logged.
    await user.click(screen.getByTestId("summary-send"));
    await waitFor(() => expect(screen.getAllByTestId("sync-log-entry").length).toBe(2));
    expect(screen.getAllByTestId("summary-outbox-entry").length).toBe(1);
  });

  it("says a period has not ended and sends it only when the manager chooses", async () => {
    const user = userEvent.setup();
    render(Partnership, {});
    await setFolder(user);
    await waitFor(() => expect(screen.getAllByTestId("summary-row").length).toBeGreaterThan(0));
    expect(screen.queryByTestId("summary-not-ended")).toBeNull();
    const from = screen.getByTestId("summary-from") as HTMLInputElement;
    const to = screen.getByTestId("summary-to") as HTMLInputElement;
    await user.clear(from);
    await user.type(from, "2026-10-01");
    await user.clear(to);
    await user.type(to, "2026-12-31");
    const warning = await screen.findByTestId("summary-not-ended");
    expect(warning.textContent).toContain("has not ended");
    expect((screen.getByTestId("summary-send") as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId("summary-send-before-end"));
    expect((screen.getByTestId("summary-send") as HTMLButtonElement).disabled).toBe(false);
    await user.click(screen.getByTestId("summary-send"));
    const entry = await screen.findByTestId("summary-outbox-entry");
    expect(entry.textContent).toContain("1 Oct 2026 to 31 Dec 2026");
  });

  it("shows why a delivery failed, and sends it when tried again", async () => {
    const user = userEvent.setup();
    render(Partnership, {});
    await setFolder(user);
    await waitFor(() => expect(screen.getAllByTestId("summary-row").length).toBeGreaterThan(0));
    fake.deliveryFailure = { status: "failed", message: "The partnership's server refused the user name or app password (401)." };
    await user.click(screen.getByTestId("summary-send"));
    const entry = await screen.findByTestId("summary-outbox-entry");
    expect(entry.dataset.status).toBe("failed");
    expect(entry.textContent).toContain("Not delivered");
    expect(entry.textContent).toContain("refused the user name or app password (401)");
    expect(entry.textContent).toContain("Next try");
    expect(app.toasts.at(-1)!.kind).toBe("error");
    expect(app.toasts.at(-1)!.message).toContain("(401)");
    expect((await screen.findByTestId("sync-log-entry")).dataset.result).toBe("failed");

    fake.deliveryFailure = null;
    await user.click(screen.getByTestId("summary-retry"));
    await waitFor(() => expect(screen.getByTestId("summary-outbox-entry").dataset.status).toBe("sent"));
    expect(fake.calls).toContain("retry_summaries");
    await waitFor(() => expect(screen.getAllByTestId("sync-log-entry")[0].dataset.result).toBe("sent"));
  });

  it("keeps the partnership's own dates", async () => {
    const user = userEvent.setup();
    render(Partnership, {});
    await user.click(await screen.findByTestId("destination-choose"));
    await waitFor(() => expect((screen.getByTestId("destination-location") as HTMLInputElement).value).not.toBe(""));
    await user.selectOptions(screen.getByTestId("destination-calendar"), "custom");
    const from = screen.getByTestId("summary-from") as HTMLInputElement;
    const to = screen.getByTestId("summary-to") as HTMLInputElement;
    await user.clear(from);
    await user.type(from, "2026-09-01");
    await user.clear(to);
    await user.type(to, "2026-11-15");
    await user.click(screen.getByTestId("destination-add-period"));
    expect(screen.getByTestId("destination-custom-periods").textContent).toContain("1 Sep 2026 to 15 Nov 2026");
    await user.click(screen.getByTestId("destination-save"));
    await waitFor(() => expect(fake.destination?.custom_periods).toEqual([{ from: "2026-09-01", to: "2026-11-15" }]));
    expect(fake.destination?.calendar).toBe("custom");
  });
});
