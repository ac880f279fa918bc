// Unsaved changes in the dialogs: Esc, the close button, the backdrop and Cancel ask
// "Save / Discard / Keep editing" once a dialog's form holds changes, as leaving a page does.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DoorForm from "../screens/register/DoorForm.svelte";
import SeriesForm from "../screens/sessions/SeriesForm.svelte";
import SessionForm from "../screens/sessions/SessionForm.svelte";
import LogTraining from "../screens/people/LogTraining.svelte";
import Incidents from "../screens/incidents/Incidents.svelte";
import Returns from "../screens/returns/Returns.svelte";
import TemplateEditor from "../screens/returns/TemplateEditor.svelte";
import ClubScales from "../screens/settings/ClubScales.svelte";
import LeaveDialog from "./components/LeaveDialog.svelte";
import { freshClub, returnsClub } from "../test/setup";
import { notInFakeMessage, type FakeBackend } from "./ipc/fake";
import { app, go } from "./app.svelte";

let fake: FakeBackend;

beforeEach(() => {
  asking = null;
  fake = freshClub();
  app.unsaved = [];
  app.leaving = null;
});

let asking: { unmount: () => void } | null = null;

/** The question, as the app shows it over the dialog once a close is asked for (App.svelte
 *  makes a new one each time it asks). */
async function question(): Promise<HTMLElement> {
  await waitFor(() => expect(app.leaving).not.toBeNull());
  asking?.unmount();
  asking = render(LeaveDialog, {});
  return screen.getByTestId("unsaved-changes");
}

describe("closing a dialog with unsaved changes", () => {
  it("New at the door: Esc on an untouched form closes it at once", async () => {
    const onclose = vi.fn();
    render(DoorForm, { sessionId: 1, initialName: "nia okafor", onclose, ondone: () => {}, onmarkexisting: () => {} });
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(app.leaving).toBeNull();
  });

  it("New at the door: Esc on a half-typed date of birth asks; Keep editing keeps it, Discard closes", async () => {
    const user = userEvent.setup();
    const onclose = vi.fn();
    render(DoorForm, { sessionId: 1, initialName: "nia okafor", onclose, ondone: () => {}, onmarkexisting: () => {} });
    await user.type(screen.getByTestId("door-dob"), "12/0");
    await user.keyboard("{Escape}");
    const asked = await question();
    expect(onclose).not.toHaveBeenCalled();
    expect(asked.textContent).toContain("the new young person (Nia)");
    await user.click(screen.getByTestId("unsaved-keep"));
    expect(onclose).not.toHaveBeenCalled();
    expect((screen.getByTestId("door-dob") as HTMLInputElement).value).toBe("12/0");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await question();
    await user.click(screen.getByTestId("unsaved-discard"));
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it("a new series: the close button asks once a name is typed", async () => {
    const user = userEvent.setup();
    const onclose = vi.fn();
    render(SeriesForm, { venues: [], onclose, onsaved: () => {} });
    await user.type(screen.getByTestId("series-name"), "Tuesday Juniors");
    await user.click(screen.getByRole("button", { name: "Close" }));
    const asked = await question();
    expect(asked.textContent).toContain("the new series");
    expect(onclose).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("unsaved-discard"));
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it("a one-off session: a click on the backdrop asks once something is typed; a Save that fails stays open saying why", async () => {
    const user = userEvent.setup();
    const onclose = vi.fn();
    const onsaved = vi.fn();
    render(SessionForm, { venues: [], onclose, onsaved });
    await user.type(screen.getByTestId("session-name"), "Trip to the coast");
    await user.click(document.querySelector(".backdrop") as HTMLElement);
    const asked = await question();
    expect(asked.textContent).toContain("the new session");
    await user.click(screen.getByTestId("unsaved-save"));
    await waitFor(() => expect(fake.calls).toContain("add_session"));
    // The fake holds no answer to a new session: the dialog stays, with the failure beside it.
    expect(await screen.findByText(notInFakeMessage("add_session"))).toBeTruthy();
    expect(onclose).not.toHaveBeenCalled();
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("Log training: Esc asks once a provider is typed", async () => {
    const user = userEvent.setup();
    const onclose = vi.fn();
    render(LogTraining, { personId: 1, onclose, onsaved: () => {} });
    await waitFor(() => expect(screen.getAllByRole("option").length).toBeGreaterThan(0));
    await user.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledTimes(1);
    await user.type(screen.getByTestId("training-provider"), "St John Ambulance");
    await user.keyboard("{Escape}");
    const asked = await question();
    expect(asked.textContent).toContain("record");
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it("Record a concern: Esc asks once something is written, and the page behind is not asked about", async () => {
    const user = userEvent.setup();
    render(Incidents, {});
    await user.click(await screen.findByTestId("incident-record"));
    const form = screen.getByTestId("concern-form");
    await user.type(form.querySelector("textarea") as HTMLTextAreaElement, "Jay was upset after school.");
    await user.keyboard("{Escape}");
    const asked = await question();
    expect(asked.textContent).toContain("the new concern");
    expect(screen.getByTestId("concern-form")).toBeTruthy();
    await user.click(screen.getByTestId("unsaved-discard"));
    await waitFor(() => expect(screen.queryByTestId("concern-form")).toBeNull());
    expect(app.unsaved).toHaveLength(0);
  });

  it("Add an update to a concern: Esc asks once a note is written; Keep editing keeps it, Discard closes", async () => {
    const user = userEvent.setup();
    const jay = fake.addYoung("Jay", "Smith", "2013-03-04").id;
    const concern = await fake.addIncident({
      occurred_on: "2026-11-17",
      occurred_at: "19:10",
      session_id: null,
      young_people: [jay],
      what_happened: "Jay said an older boy had been waiting for him after school.",
      action_taken: "Listened.",
      referral: { to: [], detail: null, on: null },
      follow_up: null,
    });
    render(Incidents, { id: concern.id });
    const detail = await screen.findByTestId("incident-detail");
    await user.click(within(detail).getByTestId("incident-add-update"));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("update-form")).toBeNull());
    expect(app.leaving).toBeNull();
    await user.click(within(detail).getByTestId("incident-add-update"));
    await user.type(screen.getByTestId("update-note"), "Spoke to Jay's mum.");
    await user.keyboard("{Escape}");
    const asked = await question();
    expect(asked.textContent).toContain(`the update to concern ${concern.id}`);
    await user.click(screen.getByTestId("unsaved-keep"));
    expect((screen.getByTestId("update-note") as HTMLTextAreaElement).value).toBe("Spoke to Jay's mum.");
    await user.click(within(screen.getByTestId("update-form")).getByRole("button", { name: "Cancel" }));
    await question();
    await user.click(screen.getByTestId("unsaved-discard"));
    await waitFor(() => expect(screen.queryByTestId("update-form")).toBeNull());
    expect(fake.calls).not.toContain("add_incident_update");
    expect(app.unsaved).toHaveLength(0);
  });

  it("Make your own version: the close button asks once the name is changed; Discard closes without copying", async () => {
    fake = returnsClub();
    const user = userEvent.setup();
    render(Returns, {});
    await screen.findByTestId("return-preview");
    await user.selectOptions(screen.getByTestId("return-template"), "nlcf-progress");
    await user.click(screen.getByTestId("template-copy"));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("template-copy-name")).toBeNull());
    expect(app.leaving).toBeNull();
    await user.click(screen.getByTestId("template-copy"));
    const input = screen.getByTestId("template-copy-name");
    await user.clear(input);
    await user.type(input, "Our lottery report");
    await user.click(screen.getByRole("button", { name: "Close" }));
    const asked = await question();
    expect(asked.textContent).toContain("your version “Our lottery report”");
    await user.click(screen.getByTestId("unsaved-keep"));
    expect((screen.getByTestId("template-copy-name") as HTMLInputElement).value).toBe("Our lottery report");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await question();
    await user.click(screen.getByTestId("unsaved-discard"));
    await waitFor(() => expect(screen.queryByTestId("template-copy-name")).toBeNull());
    expect(fake.calls).not.toContain("copy_template");
    expect(app.unsaved).toHaveLength(0);
  });

  it("the template editor: the back button and another screen ask once it is changed; Save saves it", async () => {
    fake = returnsClub();
    const user = userEvent.setup();
    const template = await fake.copyTemplate("nlcf-progress", "Our lottery report");
    app.screen = { name: "template-editor", template, isNew: false };
    render(TemplateEditor, { template, isNew: false });
    await user.click(screen.getByRole("button", { name: /Funder returns/ }));
    expect(app.screen.name).toBe("returns");
    expect(app.leaving).toBeNull();
    app.screen = { name: "template-editor", template, isNew: false };
    const name = screen.getByTestId("template-name");
    await user.type(name, " 2027");
    go({ name: "home" });
    const asked = await question();
    expect(asked.textContent).toContain("the template “Our lottery report 2027”");
    await user.click(screen.getByTestId("unsaved-keep"));
    expect(app.screen.name).toBe("template-editor");
    expect((screen.getByTestId("template-name") as HTMLInputElement).value).toBe("Our lottery report 2027");
    await user.click(screen.getByRole("button", { name: /Funder returns/ }));
    await question();
    await user.click(screen.getByTestId("unsaved-save"));
    await waitFor(() => expect(app.screen.name).toBe("returns"));
    expect(fake.calls).toContain("save_template");
  });

  it("a club scale half made: leaving Settings asks; Keep editing keeps it, Discard leaves", async () => {
    const user = userEvent.setup();
    app.screen = { name: "settings" };
    render(ClubScales, {});
    go({ name: "home" });
    expect(app.screen.name).toBe("home");
    expect(app.leaving).toBeNull();
    app.screen = { name: "settings" };
    await user.type(screen.getByTestId("scale-name"), "Speaking up");
    go({ name: "home" });
    const asked = await question();
    expect(asked.textContent).toContain("the scale “Speaking up”");
    await user.click(screen.getByTestId("unsaved-keep"));
    expect(app.screen.name).toBe("settings");
    expect((screen.getByTestId("scale-name") as HTMLInputElement).value).toBe("Speaking up");
    go({ name: "home" });
    await question();
    await user.click(screen.getByTestId("unsaved-discard"));
    expect(app.screen.name).toBe("home");
  });
});
