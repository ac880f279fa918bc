import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Returns from "./Returns.svelte";
import TemplateEditor from "./TemplateEditor.svelte";
import { returnsClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";
import type { Template } from "../../lib/ipc/bindings";
import { app } from "../../lib/app.svelte";

let fake: FakeBackend;

// The previews are the core's, recorded on the Returns tests' club (recorded_returns.rs).
beforeEach(() => {
  fake = returnsClub();
});

const sections = () => screen.getAllByTestId("template-section");
const previewMeasures = () => within(screen.getByTestId("template-preview")).getAllByTestId("return-measure").map((m) => m.dataset.measure);

async function copyOf(id: string, name: string): Promise<Template> {
  const user = userEvent.setup();
  const view = render(Returns, {});
  await screen.findByTestId("return-preview");
  await user.selectOptions(screen.getByTestId("return-template"), id);
  await user.click(screen.getByTestId("template-copy"));
  const input = screen.getByTestId("template-copy-name");
  await user.clear(input);
  await user.type(input, name);
  await user.click(screen.getByTestId("template-copy-confirm"));
  await waitFor(() => expect(app.screen.name).toBe("template-editor"));
  view.unmount();
  if (app.screen.name !== "template-editor") throw new Error("not in the editor");
  expect(app.screen.isNew).toBe(true);
  return app.screen.template;
}

describe("making your own template", () => {
  it("copies a built-in one under a new name, renames a figure, takes one out and saves it", async () => {
    const template = await copyOf("nlcf-progress", "Our lottery report");
    expect(template.id).toBe("our-lottery-report");
    const user = userEvent.setup();
    render(TemplateEditor, { template, isNew: true });
    expect(screen.getByTestId("template-editor")).toBeTruthy();
    expect((screen.getByTestId("template-name") as HTMLInputElement).value).toBe("Our lottery report");
    await waitFor(() => expect(previewMeasures()).toContain("unique_young_people"));

    const first = sections()[0];
    const items = within(first).getAllByTestId("template-measure");
    const young = items.find((i) => i.dataset.measure === "unique_young_people")!;
    const label = within(young).getByTestId("template-measure-label");
    await user.clear(label);
    await user.type(label, "Young people we worked with");
    const removed = items.find((i) => i.dataset.measure !== "unique_young_people")!.dataset.measure!;
    await user.click(within(items.find((i) => i.dataset.measure === removed)!).getByTestId("template-measure-remove"));
    expect(within(sections()[0]).getAllByTestId("template-measure").map((i) => i.dataset.measure)).not.toContain(removed);

    // The preview follows the edited template.
    await waitFor(() => expect(screen.getByTestId("template-preview").textContent).toContain("Young people we worked with"));
    await waitFor(() => expect(previewMeasures()).not.toContain(removed));
    const asked = fake.requests.filter((r) => r.command === "preview_return").at(-1)!;
    expect(asked.template?.id).toBe("our-lottery-report");

    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(app.toasts.map((t) => t.message)).toContain("Saved “Our lottery report” (version 1)."));
    const saved = fake.templates.find((e) => e.template.id === "our-lottery-report")!;
    expect(saved.built_in).toBe(false);
    const figures = saved.template.sections[0];
    if (figures.kind !== "measures") throw new Error("the first section holds figures");
    expect(figures.items.find((i) => i.measure === "unique_young_people")!.label).toBe("Young people we worked with");
    expect(figures.items.map((i) => i.measure)).not.toContain(removed);
    // The built-in one is untouched.
    const original = fake.templates.find((e) => e.template.id === "nlcf-progress")!.template.sections[0];
    if (original.kind !== "measures") throw new Error("the first section holds figures");
    expect(original.items.map((i) => i.measure)).toContain(removed);
    // Now it can be exported and deleted.
    expect(screen.getByTestId("template-export")).toBeTruthy();
    expect(screen.getByTestId("template-delete")).toBeTruthy();
  });

  it("reorders sections, adds a figure, a breakdown with the funder's words and a question", async () => {
    const template = await copyOf("children-in-need", "Our CiN report");
    const user = userEvent.setup();
    render(TemplateEditor, { template, isNew: true });
    const titles = () => sections().map((s) => (within(s).getByTestId("template-section-title") as HTMLInputElement).value);
    const before = titles();
    await user.click(within(sections()[1]).getByTestId("template-section-up"));
    expect(titles()).toEqual([before[1], before[0], ...before.slice(2)]);

    const figures = sections().find((s) => s.dataset.kind === "measures")!;
    await user.selectOptions(within(figures).getByTestId("template-measure-add-select"), "volunteer_hours");
    await user.click(within(figures).getByTestId("template-measure-add"));
    expect(within(figures).getAllByTestId("template-measure").map((i) => i.dataset.measure)).toContain("volunteer_hours");

    await user.click(screen.getByTestId("template-add-breakdown"));
    const breakdown = sections().at(-1)!;
    await user.selectOptions(within(breakdown).getByTestId("template-breakdown-dimension"), "disability");
    expect((within(breakdown).getByTestId("template-section-title") as HTMLInputElement).value).toBe("Disability or SEND");
    const yes = within(breakdown).getAllByTestId("template-category-label").find((i) => i.dataset.category === "yes")!;
    await user.type(yes, "Disabled young people");

    await user.click(screen.getByTestId("template-add-question"));
    const question = sections().at(-1)!;
    const title = within(question).getByTestId("template-section-title");
    await user.clear(title);
    await user.type(title, "What went well?");
    expect(question.textContent).toContain("what-went-well");

    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(fake.templates.some((e) => e.template.id === "our-cin-report")).toBe(true));
    const saved = fake.templates.find((e) => e.template.id === "our-cin-report")!.template;
    expect(saved.sections[0].title).toBe(before[1]);
    const added = saved.sections.find((s) => s.kind === "breakdown" && s.dimension === "disability" && s.title === "Disability or SEND");
    expect(added && added.kind === "breakdown" && added.labels).toEqual({ yes: "Disabled young people" });
    expect(saved.sections.at(-1)).toEqual({ kind: "question", id: "what-went-well", title: "What went well?", hint: null });
  });

  it("sets the funder's own age bands", async () => {
    const template = await copyOf("general", "Friday club return");
    const user = userEvent.setup();
    render(TemplateEditor, { template, isNew: true });
    await user.click(screen.getByTestId("template-usual-bands"));
    expect(screen.getAllByTestId("template-band")).toHaveLength(7);
    // Keep two bands: 10 and under, 11-18.
    while (screen.getAllByTestId("template-band").length > 2) await user.click(screen.getAllByTestId("template-band-remove").at(-1)!);
    const [firstLabel, secondLabel] = screen.getAllByTestId("template-band-label");
    await user.clear(firstLabel);
    await user.type(firstLabel, "10 and under");
    const firstMax = screen.getAllByTestId("template-band-max")[0];
    await user.clear(firstMax);
    await user.type(firstMax, "10");
    await user.clear(secondLabel);
    await user.type(secondLabel, "11-18");
    await user.clear(screen.getAllByTestId("template-band-min")[1]);
    await user.type(screen.getAllByTestId("template-band-min")[1], "11");
    await user.clear(screen.getAllByTestId("template-band-max")[1]);
    await user.type(screen.getAllByTestId("template-band-max")[1], "18");
    await waitFor(() => {
      const ages = within(screen.getByTestId("template-preview")).getAllByTestId("return-breakdown").find((b) => b.dataset.dimension === "age_band")!;
      expect([...ages.querySelectorAll("tbody tr")].map((r) => r.getAttribute("data-category"))).toEqual(["10 and under", "11-18", "unknown"]);
    });
    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(fake.templates.some((e) => e.template.id === "friday-club-return")).toBe(true));
    expect(fake.templates.find((e) => e.template.id === "friday-club-return")!.template.age_bands).toEqual([
      { label: "10 and under", min: null, max: 10 },
      { label: "11-18", min: 11, max: 18 },
    ]);
  });

  it("shows the core's message when a template is refused, and saves nothing", async () => {
    const template = await copyOf("general", "Empty figures");
    const user = userEvent.setup();
    render(TemplateEditor, { template, isNew: true });
    fake.failNext.save_template = { kind: "invalid", message: "The section “Headline figures” has no figures in it.", details: [], candidates: [] };
    await user.click(screen.getByTestId("template-save"));
    expect((await screen.findByTestId("template-error")).textContent).toContain("The section “Headline figures” has no figures in it.");
    expect(fake.templates.some((e) => e.template.id === "empty-figures")).toBe(false);
  });

  it("changes one of the club's own templates, raising its version, and deletes it", async () => {
    const own = { ...(await fake.copyTemplate("general", "Trustees report")) };
    await fake.saveTemplate(own);
    const user = userEvent.setup();
    render(TemplateEditor, { template: fake.templates.at(-1)!.template, isNew: false });
    expect((screen.getByTestId("template-save") as HTMLButtonElement).disabled).toBe(true);
    const funder = screen.getByTestId("template-funder");
    await user.clear(funder);
    await user.type(funder, "Our trustees");
    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(app.toasts.map((t) => t.message)).toContain("Saved “Trustees report” (version 2)."));
    await user.click(screen.getByTestId("template-export"));
    await waitFor(() => expect(app.toasts.map((t) => t.message)).toContain("Saved trustees-report.clubroom-template.json: others can import it into Clubroom."));
    await user.click(screen.getByTestId("template-delete"));
    await user.click(screen.getByTestId("template-delete-confirm"));
    await waitFor(() => expect(fake.templates.some((e) => e.template.id === "trustees-report")).toBe(false));
    expect(app.screen).toEqual({ name: "returns" });
  });
});

describe("template files", () => {
  it("imports a template file and chooses it", async () => {
    const user = userEvent.setup();
    fake.importedTemplate = { ...(await fake.copyTemplate("general", "Partnership return")), funder: "Coventry Youth Partnership" };
    render(Returns, {});
    await screen.findByTestId("return-preview");
    await user.click(screen.getByTestId("template-import"));
    await waitFor(() => expect((screen.getByTestId("return-template") as HTMLSelectElement).value).toBe("partnership-return"));
    expect(app.toasts.map((t) => t.message)).toContain("Added “Partnership return” to your templates.");
    await waitFor(() => expect(screen.getByTestId("return-preview").textContent).toContain("Coventry Youth Partnership"));
    // The club's own templates can be changed; built-in ones only copied.
    expect(screen.getByTestId("template-edit")).toBeTruthy();
    await user.selectOptions(screen.getByTestId("return-template"), "general");
    expect(screen.queryByTestId("template-edit")).toBeNull();
  });
});

describe("templates from files", () => {
  it("opens a template that names a figure twice, and bands being typed with the same label", async () => {
    const user = userEvent.setup();
    const base = await fake.copyTemplate("general", "Twice");
    const template: Template = {
      ...base,
      sections: [{ kind: "measures", title: "Reach", items: [
        { measure: "attendances", label: "Attendances", note: null },
        { measure: "attendances", label: "Attendances again", note: null },
      ] }],
    };
    render(TemplateEditor, { template, isNew: true });
    expect(screen.getAllByTestId("template-measure")).toHaveLength(2);
    // The core refuses a section that shows a figure twice ("keep it once"): the preview says
    // so in the core's words (recorded), and the editor keeps both rows to be fixed.
    await waitFor(() => expect(screen.getByTestId("template-preview-error").textContent).toContain("shows “Attendances again” twice"));
    await user.click(screen.getAllByTestId("template-measure-down")[0]);
    expect(screen.getAllByTestId("template-measure-label").map((i) => (i as HTMLInputElement).value)).toEqual(["Attendances again", "Attendances"]);
    await user.click(screen.getByTestId("template-usual-bands"));
    await user.click(screen.getByTestId("template-band-add"));
    await user.click(screen.getByTestId("template-band-add"));
    expect(screen.getAllByTestId("template-band")).toHaveLength(9);
    await user.click(screen.getByTestId("template-add-breakdown"));
    await user.selectOptions(within(sections().at(-1)!).getByTestId("template-breakdown-dimension"), "age_band");
    // Two new bands with no label yet: both listed while they are being typed.
    expect(within(sections().at(-1)!).getAllByTestId("template-category-label").filter((i) => i.dataset.category === "")).toHaveLength(2);
  });
});
