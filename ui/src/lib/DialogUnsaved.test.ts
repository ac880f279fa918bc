// Unsaved changes in the dialogs: Esc, the close button, the backdrop and Cancel ask
// "Save / Discard / Keep editing" once a dialog's form holds changes, as leaving a page does.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DoorForm from "../screens/register/DoorForm.svelte";
import SeriesForm from "../screens/sessions/SeriesForm.svelte";
import SessionForm from "../screens/sessions/SessionForm.svelte";
import LogTraining from "../screens/people/LogTraining.svelte";
import Incidents from "../screens/incidents/Incidents.svelte";
import LeaveDialog from "./components/LeaveDialog.svelte";
import { freshClub } from "../test/setup";
import type { FakeBackend } from "./ipc/fake";
import { app } from "./app.svelte";

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
    // The fake refuses every new session: the dialog stays, with the refusal beside it.
    expect(await screen.findByText("Not in the fake")).toBeTruthy();
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
});
