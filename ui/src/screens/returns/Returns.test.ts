import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Returns from "./Returns.svelte";
import { returnsClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;

// Today in the fake is 24 November 2026: the last full quarter is July to September. The
// figures are the core's, recorded on the same club (returnsClub, recorded_returns.rs).
beforeEach(() => {
  fake = returnsClub();
});

const measure = (name: string) => screen.getAllByTestId("return-measure").find((m) => m.dataset.measure === name);
const lastPreview = () => fake.requests.filter((r) => r.command === "preview_return").at(-1)!;

describe("making a return", () => {
  it("starts on the last full quarter and shows its figures, chart and breakdowns", async () => {
    render(Returns, {});
    const preview = await screen.findByTestId("return-preview");
    expect(preview.textContent).toContain("St Mary's Youth Club");
    expect(preview.textContent).toContain("General monitoring return");
    expect(screen.getByTestId("return-period").textContent).toBe("1 July 2026 to 30 September 2026");
    expect(screen.getByTestId("return-covers").textContent).toBe("All of the club's work");
    expect(measure("attendances")!.textContent).toContain("3");
    expect(measure("unique_young_people")!.textContent).toContain("2");
    expect(measure("anonymous_contacts")!.textContent).toContain("4");
    const chart = screen.getByTestId("return-chart");
    expect([...chart.querySelectorAll("rect[data-month]")].map((r) => r.getAttribute("data-month"))).toEqual(["2026-07", "2026-08", "2026-09"]);
    expect(chart.querySelector("rect[data-month='2026-07']")!.getAttribute("data-value")).toBe("2");
    expect(chart.querySelector("rect[data-anonymous='2026-08']")).not.toBeNull();
    const gender = screen.getAllByTestId("return-breakdown").find((b) => b.dataset.dimension === "gender")!;
    const female = gender.querySelector("tr[data-category='female']")!;
    expect(female.textContent).toContain("1");
    expect(female.textContent).toContain("50%");
    expect(screen.getByTestId("period-last-quarter").getAttribute("aria-pressed")).toBe("true");
    // Session types can overlap: the table says so.
    expect(screen.getAllByTestId("breakdown-overlap").length).toBeGreaterThan(0);
  });

  it("follows the template and the period as they change", async () => {
    const user = userEvent.setup();
    render(Returns, {});
    await screen.findByTestId("return-preview");
    await user.selectOptions(screen.getByTestId("return-template"), "children-in-need");
    await waitFor(() => expect(screen.getByTestId("return-preview").textContent).toContain("BBC Children in Need"));
    expect(screen.getByTestId("template-description").textContent).not.toBe("");
    await user.click(screen.getByTestId("period-this-year"));
    await waitFor(() => expect(screen.getByTestId("return-period").textContent).toBe("1 April 2026 to 31 March 2027"));
    expect(lastPreview().request.template_id).toBe("children-in-need");
    await user.click(screen.getByTestId("period-this-quarter"));
    await waitFor(() => expect(screen.getByTestId("return-period").textContent).toBe("1 October 2026 to 31 December 2026"));
    expect(measure("unique_young_people")!.textContent).toContain("1");
  });

  it("takes any dates, and says when the period runs backwards", async () => {
    const user = userEvent.setup();
    render(Returns, {});
    await screen.findByTestId("return-preview");
    const from = screen.getByTestId("return-from") as HTMLInputElement;
    await user.clear(from);
    await user.type(from, "2026-08-01");
    await waitFor(() => expect(screen.getByTestId("return-period").textContent).toBe("1 August 2026 to 30 September 2026"));
    expect(screen.getByTestId("period-last-quarter").getAttribute("aria-pressed")).toBe("false");
    await user.clear(from);
    await user.type(from, "2026-12-01");
    await screen.findByText("The period ends before it starts: choose a later last day.");
    expect((screen.getByTestId("return-save-pdf") as HTMLButtonElement).disabled).toBe(true);
  });

  it("narrows to a project, series or kinds of session", async () => {
    const user = userEvent.setup();
    render(Returns, {});
    await screen.findByTestId("return-preview");
    expect(screen.queryByTestId("scope-project")).toBeNull();
    await user.click(screen.getByTestId("scope-toggle"));
    await user.selectOptions(screen.getByTestId("scope-project"), "1");
    await waitFor(() => expect(screen.getByTestId("return-covers").textContent).toBe("Project: Youth Investment"));
    expect(lastPreview().request.scope.project_id).toBe(1);
    expect(measure("attendances")!.textContent).toContain("1");
    await user.click(screen.getByTestId("scope-type-detached"));
    await waitFor(() => expect(lastPreview().request.scope.session_types).toEqual(["detached"]));
    await waitFor(() => expect(measure("attendances")!.textContent).toContain("0"));
  });

  it("puts answers to the template's questions into the return", async () => {
    const user = userEvent.setup();
    render(Returns, {});
    await screen.findByTestId("return-preview");
    const answer = screen.getAllByTestId("return-answer").find((a) => a.dataset.question === "notes")!;
    await user.type(answer, "Two sessions were in the summer holidays.");
    await waitFor(() => expect(lastPreview().request.answers).toEqual({ notes: "Two sessions were in the summer holidays." }));
    await user.click(screen.getByTestId("return-save-pdf"));
    await waitFor(() => expect(fake.requests.some((r) => r.command === "produce_return")).toBe(true));
    const produced = fake.requests.find((r) => r.command === "produce_return")!;
    expect(produced.request.answers).toEqual({ notes: "Two sessions were in the summer holidays." });
    expect(produced.format).toBe("pdf");
  });
});

describe("saving a return for the funder", () => {
  it("saves a PDF, keeps it as sent and lists it", async () => {
    const user = userEvent.setup();
    const view = render(Returns, {});
    await screen.findByTestId("return-preview");
    await user.click(screen.getByTestId("return-save-pdf"));
    await waitFor(() => expect(app.toasts.map((t) => t.message)).toContain("Saved return.pdf and kept as sent."));
    expect(fake.calls).toContain("produce_return");
    expect(fake.saved).toHaveLength(1);
    expect(screen.getByTestId("returns-tab-saved").textContent).toContain("1");
    // The latest are listed beside the choices too, and open as sent.
    const recent = await within(screen.getByTestId("saved-returns")).findByTestId("saved-return");
    expect(recent.textContent).toContain("General monitoring return");
    expect(recent.textContent).toContain("1 Jul 2026 to 30 Sep 2026");
    await user.click(recent);
    expect(app.screen).toEqual({ name: "returns", tab: "saved", savedId: fake.saved[0].saved.id });
    await view.rerender({ tab: "saved", savedId: null });
    const item = await within(screen.getByTestId("saved-returns")).findByTestId("saved-return");
    expect(item.textContent).toContain("General monitoring return");
    expect(item.textContent).toContain("1 July 2026 to 30 September 2026");
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const user = userEvent.setup();
    fake.savePath = null;
    render(Returns, {});
    await screen.findByTestId("return-preview");
    await user.click(screen.getByTestId("return-save-csv"));
    await waitFor(() => expect(fake.calls).toContain("produce_return"));
    expect(fake.saved).toHaveLength(0);
    expect(app.toasts).toHaveLength(0);
  });

  it("saves the de-identified register for the same period", async () => {
    const user = userEvent.setup();
    render(Returns, {});
    await screen.findByTestId("return-preview");
    await user.click(screen.getByTestId("return-save-register"));
    await waitFor(() => expect(app.toasts.map((t) => t.message)).toContain("Saved register-2026-07-01-to-2026-09-30.csv: the register without names."));
  });
});

describe("returns already sent", () => {
  async function sendOne() {
    await fake.produceReturn({ template_id: "general", period: { from: "2026-07-01", to: "2026-09-30" }, scope: { project_id: null, series_ids: [], session_types: [] }, answers: { notes: "Summer." } }, "pdf");
    return fake.saved[0].saved.id;
  }

  it("lists them, and opens one as sent with nothing changed", async () => {
    const id = await sendOne();
    const user = userEvent.setup();
    const view = render(Returns, { tab: "saved", savedId: null });
    const item = await screen.findByTestId("saved-return");
    expect(within(screen.getByTestId("saved-returns")).getAllByTestId("saved-return")).toHaveLength(1);
    expect(item.textContent).toContain("General monitoring return");
    expect(item.textContent).toContain("1 July 2026 to 30 September 2026");
    expect(item.textContent).toContain("Sent 24 November 2026");
    await user.click(item);
    expect(app.screen).toEqual({ name: "returns", tab: "saved", savedId: id });
    await view.rerender({ tab: "saved", savedId: id });
    const status = await screen.findByTestId("saved-return-status");
    expect(status.textContent).toContain("Sent on 24 November 2026. The records behind it have not changed.");
    expect(screen.queryByTestId("saved-return-differences")).toBeNull();
    const sent = screen.getByTestId("saved-return-view");
    expect(within(sent).getByTestId("return-answer-text").textContent).toBe("Summer.");
    expect(within(sent).queryByTestId("return-answer")).toBeNull();
  });

  it("says which figures would now differ when the records behind it changed", async () => {
    const id = await sendOne();
    // A forgotten mark is added to the July session after the return was sent.
    const late = fake.addYoung("Kai", "Reid", "2011-01-01");
    fake.marks.get(fake.sessions[0].id)!.set(late.id, { arrived: null, left: null });
    // The core's check after the same late mark on the recording's club.
    fake.scenario = "returns-late-mark";
    render(Returns, { tab: "saved", savedId: id });
    const status = await screen.findByTestId("saved-return-status");
    expect(status.textContent).toContain("Records behind this return have changed since it was sent");
    const differences = screen.getByTestId("saved-return-differences");
    const attendances = differences.querySelector("tr[data-figure='attendances']")!;
    expect(attendances.textContent).toContain("3");
    expect(attendances.textContent).toContain("4");
    // The return itself still shows what was sent.
    const sent = screen.getByTestId("saved-return-view");
    expect(within(sent).getAllByTestId("return-measure").find((m) => m.dataset.measure === "attendances")!.textContent).toContain("3");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("saved-return-save-csv"));
    await waitFor(() => expect(app.toasts.map((t) => t.message)).toContain(`Saved saved-return-${id}.csv, exactly as it was sent.`));
  });
});
