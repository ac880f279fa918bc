import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import AuditLog from "./AuditLog.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";

let fake: FakeBackend;

beforeEach(async () => {
  fake = freshClub();
  // Three entries from the fake's own actions: a sign-in, an account added, a role changed.
  await fake.signIn("Sam Okafor", "a long manager password");
  const added = await fake.addUser({ name: "Priya Shah", role: "volunteer", person_id: null, secret_kind: "pin", secret: "402917" });
  await fake.updateUser(added.id, "leader", null, true);
});

describe("the audit log", () => {
  it("lists who did what, newest first", async () => {
    render(AuditLog, {});
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(3));
    const rows = screen.getAllByTestId("audit-row");
    expect(within(rows[0]).getByText("change someone's role")).toBeTruthy();
    expect(within(rows[2]).getByText("sign in")).toBeTruthy();
    expect(rows[0].textContent).toContain("Sam Okafor");
    expect(rows[0].textContent).toContain("Manager");
    expect(screen.getByTestId("audit-count").textContent).toBe("3 entries, newest first.");
  });

  it("says who and what in words, with the raw record kept for a manager", async () => {
    const user = userEvent.setup();
    // As the core words it (audit::describe, named by audit_names).
    fake.auditEntries.unshift({
      ...fake.auditEntries[0],
      id: 99,
      action: "record a concern",
      record: "incident_version_people version_id=1 young_person_id=6",
      change: "added",
      described: "Added: young person on a concern: Concern 1, Zara Ahmed (RYG102)",
    });
    render(AuditLog, {});
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(4));
    const row = screen.getAllByTestId("audit-row")[0];
    expect(within(row).getByTestId("audit-described").textContent).toBe("Added: young person on a concern: Concern 1, Zara Ahmed (RYG102)");
    const raw = within(row).getByTestId("audit-raw");
    expect(raw.closest("details")?.open).toBe(false);
    await user.click(within(row).getByText("Raw record"));
    expect(raw.closest("details")?.open).toBe(true);
    expect(raw.textContent).toBe("incident_version_people version_id=1 young_person_id=6");
  });

  it("narrows by what was done, and says when nothing matches", async () => {
    const user = userEvent.setup();
    render(AuditLog, {});
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(3));
    await user.type(screen.getByTestId("audit-text"), "sign in");
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(1));
    expect(screen.getByTestId("audit-count").textContent).toBe("1 entry that matches, newest first.");
    await user.type(screen.getByTestId("audit-user"), "nobody");
    await waitFor(() => expect(screen.getByTestId("audit-count").textContent).toBe("Nothing matches these filters."));
    expect(screen.queryAllByTestId("audit-row")).toHaveLength(0);
  });

  it("checks the chain and says the log is whole", async () => {
    const user = userEvent.setup();
    render(AuditLog, {});
    await user.click(screen.getByTestId("audit-verify"));
    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict.dataset.whole).toBe("true");
    expect(verdict.textContent).toContain("The log is whole: 3 entries");
    expect(verdict.textContent).toContain(`Last hash ${fake.auditEntries[0].hash.slice(0, 16)}`);
  });

  it("shows the head in full, its entry and hash, for a trustee to write down", async () => {
    const user = userEvent.setup();
    render(AuditLog, {});
    await user.click(screen.getByTestId("audit-verify"));
    const head = await screen.findByTestId("audit-head");
    expect(head.textContent).toContain(`Head: entry ${fake.auditEntries[0].id}.`);
    expect(head.textContent).toContain(fake.auditEntries[0].hash);
  });

  it("says plainly where the chain is broken", async () => {
    const user = userEvent.setup();
    fake.auditBrokenAt = 2;
    render(AuditLog, {});
    await user.click(screen.getByTestId("audit-verify"));
    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict.dataset.whole).toBe("false");
    expect(verdict.textContent).toContain("tampered with at entry 2");
  });

  it("shows the core's refusal to anyone else", async () => {
    fake.signInAs("leader", "Lee Leader");
    render(AuditLog, {});
    expect((await screen.findByTestId("audit-error")).textContent).toContain("Signed in as Lee Leader (leader), you cannot read the audit log. Ask a manager if you need to.");
  });
});
