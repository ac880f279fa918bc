// The app's shared state: where we are, what we know about the club, and the toasts.
import { getContext, onDestroy, setContext } from "svelte";
import type { AppStatus, Choice, ErrorReport, Template, Vocabulary } from "./ipc/bindings";
import { backend, whenDamaged } from "./ipc/backend";
import { forgetTheEarlyHomeScreen, markStep } from "./startup";

export type Screen =
  | { name: "welcome" }
  | { name: "club"; firstRun?: boolean }
  | { name: "home" }
  | { name: "register"; sessionId: number | null }
  | { name: "young-people"; needsDetails?: boolean }
  | { name: "young-person"; id: number | null; reference?: string }
  | { name: "sessions"; week?: string }
  | { name: "people"; tab?: "team" | "matrix" | "courses" }
  | { name: "person"; id: number | null }
  | { name: "returns"; tab?: "make" | "saved"; savedId?: number | null }
  /** A template being changed; `isNew` until a copy is first saved. */
  | { name: "template-editor"; template: Template; isNew: boolean }
  | { name: "settings" }
  | { name: "partnership" }
  | { name: "outcomes" }
  /** The incident and safeguarding log; `id`: a concern open beside it. */
  | { name: "incidents"; id?: number | null }
  /** Who changed what, and when (managers only). */
  | { name: "audit" }
  /** The version, where the files are, and the licences of what ships (from Settings). */
  | { name: "about" };

export interface Toast {
  id: number;
  message: string;
  kind: "info" | "success" | "error";
  /** `keys`: a shortcut that does the same, shown on the button (Ctrl+Z for a register's Undo). */
  action?: { label: string; run: () => void; keys?: string };
  /** A toast with the same key replaces this one (a register shows only its latest mark). */
  key?: string;
}

/** A form holding changes not yet saved: what they are about, and how to save them (true
 *  when saved; false leaves the form showing why not). */
export interface UnsavedForm {
  id: number;
  what: () => string;
  save: () => Promise<boolean>;
}

export const app = $state({
  status: null as AppStatus | null,
  vocabulary: null as Vocabulary | null,
  screen: { name: "home" } as Screen,
  toasts: [] as Toast[],
  loading: true,
  /** Raised when the outbox changed behind a screen's back (the retry at start). */
  outboxChanged: 0,
  /** Forms with changes not yet saved (leaving them, or closing the window, asks first). */
  unsaved: [] as UnsavedForm[],
  /** Asking "Save / Discard / Keep editing": what happens once the changes are dealt with. */
  leaving: null as Leaving | null,
});

/** What happens once the changes are dealt with, and which forms' changes: `forms` null for
 *  every form (moving to another screen, closing the window), else only those (a dialog
 *  closing leaves the page behind it as it was). */
export interface Leaving {
  then: () => void;
  forms: UnsavedForm[] | null;
}

/** The forms a leaving is about that still hold unsaved changes. */
export function pendingForms(leaving: Leaving): UnsavedForm[] {
  return leaving.forms === null ? app.unsaved : app.unsaved.filter((f) => leaving.forms!.some((g) => g.id === f.id));
}

let toastId = 0;

/** Moves to another screen; with unsaved changes on a form, asks first what to do with them. */
export function go(screen: Screen): void {
  leave(() => {
    app.screen = screen;
  });
}

/** Does `then` at once, or once the unsaved changes have been saved or discarded. */
export function leave(then: () => void): void {
  if (app.unsaved.length === 0) then();
  else app.leaving = { then, forms: null };
}

/** Closes a dialog: at once, or once the unsaved changes of its own forms have been saved
 *  or discarded (Esc, its close button, its backdrop and its Cancel all come here). */
export function closeForms(forms: UnsavedForm[], then: () => void): void {
  const leaving = { then, forms };
  if (pendingForms(leaving).length === 0) then();
  else app.leaving = leaving;
}

const DIALOG_FORMS = Symbol("the forms inside a dialog");

/** For a dialog, called as it is made: the forms made inside it (a concern's form inside
 *  "Record a concern") join this list, which the dialog asks about as it closes. */
export function dialogForms(): UnsavedForm[] {
  const forms: UnsavedForm[] = [];
  setContext(DIALOG_FORMS, forms);
  return forms;
}

let formId = 0;

/** Tells whether a form holds unsaved changes now; `close` closes the dialog the form is
 *  (asking first when it holds unsaved changes). */
export type UnsavedWatch = ((dirty: boolean) => void) & { close: (then: () => void) => void };

/** For a form, called as it is made: returns the function that tells whether it holds
 *  unsaved changes now. The form counts as saved again when it goes away. Inside a dialog,
 *  closing the dialog asks about it too. */
export function watchUnsaved(what: () => string, save: () => Promise<boolean>): UnsavedWatch {
  const form: UnsavedForm = { id: ++formId, what, save };
  getContext<UnsavedForm[] | undefined>(DIALOG_FORMS)?.push(form);
  const drop = () => {
    if (app.unsaved.some((f) => f.id === form.id)) app.unsaved = app.unsaved.filter((f) => f.id !== form.id);
  };
  onDestroy(drop);
  const watch = (dirty: boolean) => {
    if (!dirty) drop();
    else if (!app.unsaved.some((f) => f.id === form.id)) app.unsaved = [...app.unsaved, form];
  };
  return Object.assign(watch, { close: (then: () => void) => closeForms([form], then) });
}

/** The answer to "Save / Discard / Keep editing". */
export async function answerLeaving(answer: "save" | "discard" | "keep"): Promise<void> {
  const leaving = app.leaving;
  app.leaving = null;
  if (!leaving || answer === "keep") return;
  const forms = [...pendingForms(leaving)];
  if (answer === "save") {
    for (const form of forms) {
      // A form that could not save shows why, and stays.
      if (!(await form.save())) return;
    }
  }
  app.unsaved = app.unsaved.filter((f) => !forms.some((g) => g.id === f.id));
  leaving.then();
}

export function toast(message: string, kind: Toast["kind"] = "info", action?: Toast["action"], key?: string): void {
  const id = ++toastId;
  const others = key ? app.toasts.filter((t) => t.key !== key) : app.toasts;
  app.toasts = [...others.slice(-1), { id, message, kind, action, key }];
  setTimeout(() => dismiss(id), kind === "error" ? 9000 : 5000);
}

export function dismiss(id: number): void {
  app.toasts = app.toasts.filter((t) => t.id !== id);
}

/** Whatever was thrown, as an ErrorReport with a message for people. */
export function asReport(error: unknown): ErrorReport {
  if (error && typeof error === "object" && "message" in error && "kind" in error) return error as ErrorReport;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "invalid", message, details: [], candidates: [] };
}

export function toastError(error: unknown): void {
  toast(asReport(error).message, "error");
}

/** Reads the app's status (and vocabulary once) and picks the first screen. */
export async function refreshStatus(): Promise<void> {
  const [status, vocabulary] = await Promise.all([backend().appStatus(), app.vocabulary ?? backend().vocabulary()]);
  markStep("status");
  app.status = status;
  app.vocabulary = vocabulary;
  app.loading = false;
  if (status.problem || !status.club) {
    forgetTheEarlyHomeScreen();
    if (app.screen.name !== "club") app.screen = { name: "welcome" };
  } else if (app.screen.name === "welcome") {
    app.screen = { name: "home" };
  }
}

// A command that finds the club file damaged (a read before the start's damage check
// answered) brings up the damaged file's screen, as the status now says.
whenDamaged(() => {
  void refreshStatus().catch(() => {});
});

let retriedAtStart = false;

/** Once, when the app starts with a club open: tries again to deliver the partnership
 *  summaries left waiting by an earlier run. In the background; a failure stays quiet (the
 *  outbox keeps its reason, and the home card shows it). */
export function retrySummariesAtStart(): void {
  if (retriedAtStart || !app.status?.club || app.status.problem) return;
  retriedAtStart = true;
  backend()
    .retrySummaries("all")
    .then(() => (app.outboxChanged += 1))
    .catch(() => {});
}

/** While the app runs: when the network comes back, tries every waiting summary at once;
 *  and once a minute tries those whose wait (the back-off after a failure) is over. Returns
 *  a function that stops both. */
export function retrySummariesWhileOpen(every = 60_000): () => void {
  const retry = (which: "all" | "due") => {
    if (!app.status?.club || app.status.problem) return;
    backend()
      .retrySummaries(which)
      .then(() => (app.outboxChanged += 1))
      .catch(() => {});
  };
  const online = () => retry("all");
  window.addEventListener("online", online);
  const timer = setInterval(() => retry("due"), every);
  return () => {
    window.removeEventListener("online", online);
    clearInterval(timer);
  };
}

export function today(): string {
  return app.status?.today ?? new Date().toISOString().slice(0, 10);
}

/** The vocabulary's lists of codes and labels (not the roles, which carry hints). */
export type ChoiceList = { [K in keyof Vocabulary]: Vocabulary[K] extends Choice[] ? K : never }[keyof Vocabulary];

export function label(list: ChoiceList, code: string | null | undefined): string {
  if (code === null || code === undefined) return "";
  return app.vocabulary?.[list].find((c) => c.code === code)?.label ?? code;
}
