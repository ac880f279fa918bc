import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../../App.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";
import { watchInactivity } from "../../lib/lock";

let fake: FakeBackend;

/** The window as it opens: nothing known until the app's status is read. */
function openApp() {
  app.loading = true;
  app.screen = { name: "home" };
  return render(App, {});
}

beforeEach(() => {
  fake = freshClub();
  // A club with accounts, nobody signed in yet.
  fake.signInAs("volunteer", "Priya Shah");
  fake.signedIn = null;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("signing in", () => {
  it("lists the names as buttons and signs in with the right password", async () => {
    const user = userEvent.setup();
    openApp();
    const names = await screen.findAllByTestId("sign-in-name");
    expect(names.map((n) => n.dataset.name)).toEqual(["Priya Shah", "Sam Okafor"]);
    // Nothing of the club shows behind the sign-in screen.
    expect(screen.queryByTestId("nav-home")).toBeNull();
    await user.click(names.find((n) => n.dataset.name === "Sam Okafor")!);
    expect(screen.getByTestId("sign-in-chosen").textContent).toBe("Sam Okafor");
    await user.type(screen.getByTestId("sign-in-secret"), "a long manager password{Enter}");
    await screen.findByTestId("nav-home");
    expect(fake.signedIn?.name).toBe("Sam Okafor");
    expect(app.screen).toEqual({ name: "home" });
    expect(screen.getByTestId("signed-in-name").textContent).toBe("Sam Okafor");
    expect(screen.getByTestId("signed-in-role").textContent).toBe("Manager");
  });

  it("takes a club file found damaged behind its password to the welcome screen, which restores its backup", async () => {
    const user = userEvent.setup();
    const damaged = "This club file is damaged and cannot be opened safely. Clubroom has not changed it. The latest good backup is from Tuesday 1 December 2026, 18:05.";
    fake.fileLocked = true;
    fake.damagedBehindKey = { kind: "damaged", message: damaged, details: [], candidates: [] };
    const good = fake.fakeBackup("daily", "2026-12-01T18:05:00+00:00");
    fake.goodBackup = { entry: good, club_name: "St Mary's Youth Club", young_people: 57, sessions: 24, attendances: 611, latest_session: "2026-12-01", schema_version: 8 };
    openApp();
    await user.click((await screen.findAllByTestId("sign-in-name")).find((n) => n.dataset.name === "Sam Okafor")!);
    await user.type(screen.getByTestId("sign-in-secret"), "a long manager password{Enter}");
    expect((await screen.findByTestId("open-problem")).textContent).toContain("Clubroom has not changed it.");
    const offer = await screen.findByTestId("damaged-offer");
    await waitFor(() => expect(within(offer).getByTestId("backup-preview-young-people").textContent).toBe("57"));
    expect(fake.signedIn).toBeNull();
    expect(screen.queryByTestId("nav-home")).toBeNull();

    // Restored: the file asks for sign-in again, and then opens.
    await user.click(screen.getByTestId("restore-latest"));
    await waitFor(() => expect(fake.restoredFrom).toEqual([good.path]));
    await user.click((await screen.findAllByTestId("sign-in-name")).find((n) => n.dataset.name === "Sam Okafor")!);
    await user.type(screen.getByTestId("sign-in-secret"), "a long manager password{Enter}");
    await screen.findByTestId("nav-home");
  });

  it("refuses a wrong password plainly and stays on the sign-in screen", async () => {
    const user = userEvent.setup();
    openApp();
    await user.click((await screen.findAllByTestId("sign-in-name")).find((n) => n.dataset.name === "Priya Shah")!);
    await user.type(screen.getByTestId("sign-in-secret"), "111112");
    await user.click(screen.getByTestId("sign-in-submit"));
    const refusal = await screen.findByTestId("sign-in-error");
    expect(refusal.textContent).toContain("That name and password or PIN do not match");
    expect(fake.signedIn).toBeNull();
    expect(screen.queryByTestId("nav-home")).toBeNull();
    // The field is emptied for another go.
    expect((screen.getByTestId("sign-in-secret") as HTMLInputElement).value).toBe("");
  });

  it("lets someone not listed type their name, and takes a PIN from the pad", async () => {
    const user = userEvent.setup();
    openApp();
    await user.click(await screen.findByTestId("sign-in-someone-else"));
    await user.type(screen.getByTestId("sign-in-name-field"), "Priya Shah");
    await user.click(screen.getByTestId("sign-in-secret-pad-toggle"));
    const pad = screen.getByRole("group", { name: "PIN pad" });
    for (const digit of "402917") await user.click(within(pad).getByRole("button", { name: digit }));
    expect((screen.getByTestId("sign-in-secret") as HTMLInputElement).value).toBe("402917");
    await user.click(screen.getByTestId("sign-in-submit"));
    await screen.findByTestId("nav-register");
    expect(fake.signedIn?.role).toBe("volunteer");
  });
});

describe("locking", () => {
  it("locks after the club's minutes without use, and activity starts the wait again", () => {
    vi.useFakeTimers();
    const idle = vi.fn();
    const stop = watchInactivity(10, idle);
    vi.advanceTimersByTime(9 * 60_000);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(9 * 60_000);
    expect(idle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(idle).toHaveBeenCalledTimes(1);
    stop();
    const never = vi.fn();
    watchInactivity(0, never)();
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(never).not.toHaveBeenCalled();
  });

  it("hides the whole window when the time runs out, and the same person unlocks it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    fake.signInAs("manager", "Sam Okafor");
    fake.lockAfterMinutes = 2;
    openApp();
    await screen.findByTestId("nav-home");
    vi.advanceTimersByTime(2 * 60_000);
    await screen.findByTestId("lock-screen");
    expect(fake.locked).toBe(true);
    expect(screen.queryByTestId("nav-home")).toBeNull();
    expect(screen.getByText("Sam Okafor, enter your password or PIN to carry on.")).toBeTruthy();
    vi.useRealTimers();

    const user = userEvent.setup();
    await user.type(screen.getByTestId("unlock-secret"), "not my password{Enter}");
    expect((await screen.findByTestId("unlock-error")).textContent).toContain("do not match");
    expect(fake.locked).toBe(true);
    await user.type(screen.getByTestId("unlock-secret"), "a long manager password{Enter}");
    await screen.findByTestId("nav-home");
    expect(fake.locked).toBe(false);
  });

  it("locks on demand from the sidebar, and someone else can sign in instead", async () => {
    const user = userEvent.setup();
    fake.signInAs("manager", "Sam Okafor");
    openApp();
    await user.click(await screen.findByTestId("lock"));
    await screen.findByTestId("lock-screen");
    await user.click(screen.getByTestId("lock-switch-user"));
    await screen.findByTestId("sign-in");
    expect(fake.signedIn).toBeNull();
  });
});

describe("the first manager", () => {
  it("is asked for on a real club with no accounts, with the password twice", async () => {
    const user = userEvent.setup();
    fake.accounts = [];
    fake.signedIn = null;
    openApp();
    const gate = await screen.findByTestId("first-manager");
    expect(gate.textContent).toContain("Protect your club's data");
    expect(gate.textContent).toContain("if every manager forgets theirs, the data cannot be recovered");
    expect(screen.queryByTestId("nav-home")).toBeNull();
    await user.type(screen.getByTestId("first-manager-name"), "Alex Manager");
    await user.type(screen.getByTestId("first-manager-password"), "a long manager password");
    await user.type(screen.getByTestId("first-manager-confirm"), "a long manager passwodr");
    await user.click(screen.getByTestId("first-manager-submit"));
    expect((await screen.findByTestId("first-manager-error")).textContent).toContain("not the same");
    expect(fake.calls).not.toContain("create_first_manager");
    await user.clear(screen.getByTestId("first-manager-confirm"));
    await user.type(screen.getByTestId("first-manager-confirm"), "a long manager password{Enter}");
    await screen.findByTestId("nav-home");
    expect(fake.accounts.map((a) => [a.name, a.role])).toEqual([["Alex Manager", "manager"]]);
    expect(screen.getByTestId("signed-in-name").textContent).toBe("Alex Manager");
  });

  it("comes after the club's details when setting up through the welcome screen", async () => {
    const user = userEvent.setup();
    fake.accounts = [];
    fake.signedIn = null;
    fake.club = null;
    openApp();
    await user.click(await screen.findByTestId("setup-club"));
    await user.type(screen.getByTestId("club-name"), "St Mary's Youth Club");
    await user.click(screen.getByTestId("club-save"));
    await waitFor(() => expect(app.status?.needs_first_manager).toBe(true));
    // Still on the club's details (venues come next), then on to protecting the data.
    expect(screen.queryByTestId("first-manager")).toBeNull();
    await user.click(screen.getByTestId("setup-done"));
    await screen.findByTestId("first-manager");
  });
});
