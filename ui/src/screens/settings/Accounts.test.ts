import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Accounts from "./Accounts.svelte";
import MySecret from "./MySecret.svelte";
import { freshClub } from "../../test/setup";
import { fakeVocabulary, recordedError, type FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;

beforeEach(async () => {
  fake = freshClub();
  await fake.addPerson({ name: "Priya Shah", email: null, phone: null, paid: false, roles: ["volunteer"], started_on: null, left_on: null });
});

const row = (name: string) => screen.getAllByTestId("account-row").find((r) => r.dataset.name === name)!;

describe("who can sign in", () => {
  it("lists everyone with their role, and adds a volunteer with a PIN linked to their staff record", async () => {
    const user = userEvent.setup();
    render(Accounts, {});
    await waitFor(() => expect(row("Sam Okafor")).toBeTruthy());
    expect(within(row("Sam Okafor")).getByTestId("account-role").textContent).toBe("Manager");

    await user.click(screen.getByTestId("account-add"));
    await user.selectOptions(screen.getByTestId("account-person"), "Priya Shah");
    expect((screen.getByTestId("account-name") as HTMLInputElement).value).toBe("Priya Shah");
    // A volunteer gets a PIN by default; an easy one is refused with the core's reason.
    expect((screen.getByTestId("account-kind-pin") as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByTestId("account-secret"), "123456");
    await user.click(screen.getByTestId("account-save"));
    expect((await screen.findByTestId("account-add-error")).textContent).toContain("too easy to guess");
    await user.clear(screen.getByTestId("account-secret"));
    await user.type(screen.getByTestId("account-secret"), "402917");
    await user.click(screen.getByTestId("account-save"));
    await waitFor(() => expect(row("Priya Shah")).toBeTruthy());
    expect(within(row("Priya Shah")).getByTestId("account-role").textContent).toBe("Volunteer");
    expect(row("Priya Shah").textContent).toContain("6-digit PIN · linked to Priya Shah");
    const added = fake.accounts.find((a) => a.name === "Priya Shah")!;
    expect([added.role, added.secret_kind, added.secret, added.person_id]).toEqual(["volunteer", "pin", "402917", fake.adults[0].id]);
    // The sign-in screen lists them from now on.
    expect(app.status?.sign_in_names).toContain("Priya Shah");
  });

  it("names each role and what it may do in the core's words, not a copy of its own", async () => {
    const user = userEvent.setup();
    // The words come from the core's vocabulary: change them there and the screen follows.
    app.vocabulary = { ...fakeVocabulary, roles: fakeVocabulary.roles.map((r) => ({ ...r, label: `${r.label} (core)`, hint: `${r.hint} (core)` })) };
    render(Accounts, {});
    await waitFor(() => expect(row("Sam Okafor")).toBeTruthy());
    expect(within(row("Sam Okafor")).getByTestId("account-role").textContent).toBe("Manager (core)");
    await user.click(screen.getByTestId("account-add"));
    const choices = screen.getAllByRole("radio").filter((r) => r.getAttribute("name") === "account-role");
    expect(choices.map((c) => (c as HTMLInputElement).value)).toEqual(["manager", "safeguarding-lead", "leader", "volunteer"]);
    const leader = screen.getByTestId("account-role-leader").closest("label")!;
    expect(leader.textContent?.trim()).toBe("Leader (core)Young people (with medical notes), sessions, registers, figures and returns. (core)");
  });

  it("changes a role, switches an account off, and keeps the last manager", async () => {
    const user = userEvent.setup();
    fake.signInAs("leader", "Lee Leader");
    fake.signInAs("manager", "Sam Okafor");
    render(Accounts, {});
    await waitFor(() => expect(row("Lee Leader")).toBeTruthy());

    await user.click(within(row("Lee Leader")).getByTestId("account-change"));
    await user.selectOptions(screen.getByTestId("account-edit-role"), "Safeguarding lead");
    await user.click(screen.getByTestId("account-edit-save"));
    await waitFor(() => expect(within(row("Lee Leader")).getByTestId("account-role").textContent).toBe("Safeguarding lead"));

    await user.click(within(row("Lee Leader")).getByTestId("account-change"));
    await user.click(screen.getByTestId("account-edit-active"));
    await user.click(screen.getByTestId("account-edit-save"));
    await waitFor(() => expect(within(row("Lee Leader")).getByTestId("account-off")).toBeTruthy());
    expect(fake.accounts.find((a) => a.name === "Lee Leader")!.active).toBe(false);

    // The core keeps the last active manager (recorded: the only manager made a leader).
    fake.failNext.update_user = recordedError("accounts", "update_user");
    await user.click(within(row("Sam Okafor")).getByTestId("account-change"));
    await user.selectOptions(screen.getByTestId("account-edit-role"), "Leader");
    await user.click(screen.getByTestId("account-edit-save"));
    expect((await screen.findByTestId("account-edit-error")).textContent).toContain("Sam Okafor is the only manager. Make someone else a manager first");
    expect(fake.accounts.find((a) => a.name === "Sam Okafor")!.role).toBe("manager");
  });

  it("resets a forgotten password", async () => {
    const user = userEvent.setup();
    fake.signInAs("leader", "Lee Leader");
    fake.signInAs("manager", "Sam Okafor");
    render(Accounts, {});
    await waitFor(() => expect(row("Lee Leader")).toBeTruthy());
    await user.click(within(row("Lee Leader")).getByTestId("account-reset"));
    await user.type(screen.getByTestId(`reset-${fake.accounts.find((a) => a.name === "Lee Leader")!.id}-secret`), "short");
    await user.click(screen.getByTestId("account-reset-save"));
    expect((await screen.findByTestId("account-reset-error")).textContent).toContain("at least 10 characters");
    await user.type(screen.getByTestId(`reset-${fake.accounts.find((a) => a.name === "Lee Leader")!.id}-secret`), " and longer now");
    await user.click(screen.getByTestId("account-reset-save"));
    await waitFor(() => expect(fake.accounts.find((a) => a.name === "Lee Leader")!.secret).toBe("short and longer now"));
  });

  it("sets how soon the app locks itself", async () => {
    const user = userEvent.setup();
    render(Accounts, {});
    const choice = await screen.findByTestId("lock-after");
    expect((choice as HTMLSelectElement).value).toBe("10");
    await user.selectOptions(choice, "After 5 minutes");
    await waitFor(() => expect(fake.lockAfterMinutes).toBe(5));
    expect(app.status?.lock_after_minutes).toBe(5);
  });

  it("shows a refusal from the core plainly", async () => {
    fake.signInAs("leader", "Lee Leader");
    render(Accounts, {});
    expect((await screen.findByTestId("accounts-error")).textContent).toContain("Signed in as Lee Leader (leader), you cannot manage who can sign in. Ask a manager if you need to.");
  });
});

describe("changing my own password or PIN", () => {
  it("needs the current one, and the new one twice", async () => {
    const user = userEvent.setup();
    render(MySecret, {});
    await user.click(screen.getByTestId("my-secret-open"));
    await user.type(screen.getByTestId("my-secret-current"), "wrong");
    await user.type(screen.getByTestId("my-secret-new"), "a brand new password");
    await user.type(screen.getByTestId("my-secret-again"), "a brand new password");
    await user.click(screen.getByTestId("my-secret-save"));
    expect((await screen.findByTestId("my-secret-error")).textContent).toContain("current password or PIN is not right");
    await user.clear(screen.getByTestId("my-secret-current"));
    await user.type(screen.getByTestId("my-secret-current"), "a long manager password");
    await user.click(screen.getByTestId("my-secret-save"));
    await waitFor(() => expect(fake.accounts[0].secret).toBe("a brand new password"));
    expect(screen.queryByTestId("my-secret-current")).toBeNull();
  });
});
