import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Backups from "./Backups.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

describe("the Backups card", () => {
  it("says when the club was last backed up and why", async () => {
    fake.backupList = [fake.fakeBackup("before-import", "2026-11-24T17:00:00+00:00"), fake.fakeBackup("daily", "2026-11-24T08:00:00+00:00")];
    fake.backupList[0].made_at_label = "Tuesday 24 November 2026, 17:00";
    render(Backups, {});
    const status = await screen.findByTestId("backups-status");
    expect(status.textContent).toContain("Last backup Tuesday 24 November 2026, 17:00");
    expect(status.textContent).toContain("Before an import");
    expect(screen.getAllByTestId("backup-row")).toHaveLength(2);
  });

  it("warns when there is no backup yet, and backs up now", async () => {
    const user = userEvent.setup();
    render(Backups, {});
    expect((await screen.findByTestId("backups-status")).textContent).toContain("No backups yet");
    await user.click(screen.getByTestId("back-up-now"));
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(1));
    expect(screen.getByTestId("backups-status").textContent).toContain("Made by hand");
    expect(app.toasts.at(-1)?.message).toContain("Backed up and checked");
  });

  it("says plainly when today's automatic backup failed", async () => {
    fake.backupProblem = "The backup could not be made, so none was kept: the disk is full";
    fake.backupList = [fake.fakeBackup("daily", "2026-11-20T08:00:00+00:00")];
    render(Backups, {});
    const status = await screen.findByTestId("backups-status");
    expect(status.textContent).toContain("Today's automatic backup was not made.");
    expect(status.textContent).toContain("the disk is full");
  });

  it("backs up to a chosen folder, and does nothing when the dialog is cancelled", async () => {
    const user = userEvent.setup();
    render(Backups, {});
    await screen.findByTestId("backups-status");
    await user.click(screen.getByTestId("back-up-to-folder"));
    expect(fake.calls).toContain("back_up_to_folder");
    expect(app.toasts).toHaveLength(0);
    fake.backupFolderChosen = "/media/USB";
    await user.click(screen.getByTestId("back-up-to-folder"));
    await waitFor(() => expect(app.toasts.at(-1)?.message).toContain("/media/USB/"));
  });

  it("shows what a backup holds before restoring it, and restores only on confirmation", async () => {
    const user = userEvent.setup();
    fake.addYoung("Jay", "Smith");
    fake.addYoung("Amira", "Hussain");
    fake.backupList = [fake.fakeBackup("daily", "2026-11-24T08:00:00+00:00")];
    render(Backups, {});
    await user.click(await screen.findByTestId("backup-restore"));
    const preview = await screen.findByTestId("backup-preview");
    expect(within(preview).getByTestId("backup-preview-young-people").textContent).toBe("2");
    expect(preview.textContent).toContain("St Mary's Youth Club");
    expect(preview.textContent).toContain("Daily backup");
    expect(fake.restoredFrom).toEqual([]);
    await user.click(screen.getByTestId("restore-confirm"));
    await waitFor(() => expect(fake.restoredFrom).toEqual([fake.backupList.at(-1)!.path]));
    await waitFor(() => expect(screen.queryByTestId("backup-preview")).toBeNull());
    expect(app.toasts.at(-1)?.message).toContain("Restored the backup");
    await waitFor(() => expect(screen.getAllByTestId("backup-row")[0].textContent).toContain("Before a restore"));
  });

  it("keeps the dialog open with the reason when a restore fails", async () => {
    const user = userEvent.setup();
    fake.backupList = [fake.fakeBackup("daily", "2026-11-24T08:00:00+00:00")];
    fake.failNext.restore_backup = { kind: "invalid", message: "The backup x is damaged and cannot be used (database disk image is malformed).", details: [], candidates: [] };
    render(Backups, {});
    await user.click(await screen.findByTestId("backup-restore"));
    await user.click(await screen.findByTestId("restore-confirm"));
    expect((await screen.findByTestId("restore-error")).textContent).toContain("is damaged and cannot be used");
    expect(screen.getByTestId("backup-preview")).toBeTruthy();
  });

  it("tells someone who is not a manager that backups are a manager's job", async () => {
    fake.failNext.backups = { kind: "denied", message: "Signed in as Sam (volunteer), you cannot back up and restore. Ask a manager if you need to.", details: [], candidates: [] };
    render(Backups, {});
    expect((await screen.findByTestId("backups-denied")).textContent).toContain("you cannot back up and restore");
    expect(screen.queryByTestId("back-up-now")).toBeNull();
  });
});
