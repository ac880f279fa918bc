// What the manager has chosen on the Returns screen, kept while they go elsewhere (to the
// template editor and back, say), and the live preview that follows those choices.
import { app, asReport } from "../../lib/app.svelte";
import type { ErrorReport, Return, Scope } from "../../lib/ipc/bindings";
import { emptyScope } from "../../lib/returns";

export const choices = $state({
  /** The club file these choices were made for: another club starts afresh. */
  database: null as string | null,
  templateId: "general",
  from: "",
  to: "",
  scope: emptyScope() as Scope,
  scopeOpen: false,
  /** Answers to questions, by template id and then by question id. */
  answers: {} as Record<string, Record<string, string>>,
  /** "The differences we made", by template id: each an outcome ("framework/code") and a case study. */
  differences: {} as Record<string, { outcome: string; story: number | null }[]>,
});

/**
 * Readies the choices for the club that is open: a first visit starts on the last full
 * quarter, what a funder usually asks for next.
 */
export function ensurePeriod(): void {
  const database = app.status?.database ?? null;
  if (choices.database !== database) {
    resetChoices();
    choices.database = database;
  }
  if (choices.from && choices.to) return;
  // The core's whole periods, as of today: this quarter, then the last one.
  const last = app.status?.periods.whole.find((p) => p.key === "last-quarter");
  if (!last) return;
  choices.from = last.from;
  choices.to = last.to;
}

/** Back to a fresh start (a new club, or a test). */
export function resetChoices(): void {
  choices.database = null;
  choices.templateId = "general";
  choices.from = "";
  choices.to = "";
  choices.scope = emptyScope();
  choices.scopeOpen = false;
  choices.answers = {};
  choices.differences = {};
}

/**
 * A preview that follows the choices: asked for a moment after the last change, answers
 * that arrive after a newer question are dropped, and "busy" only shows once a request has
 * taken long enough to notice, so quick updates do not flash.
 */
export class LivePreview {
  report = $state<Return | null>(null);
  error = $state<ErrorReport | null>(null);
  /** A request has been waiting long enough to say so. */
  busy = $state(false);

  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly delay = 150) {}

  ask(run: () => Promise<Return>): void {
    clearTimeout(this.timer);
    const id = ++this.seq;
    this.timer = setTimeout(async () => {
      clearTimeout(this.busyTimer);
      this.busyTimer = setTimeout(() => {
        if (id === this.seq) this.busy = true;
      }, 250);
      try {
        const report = await run();
        if (id !== this.seq) return;
        this.report = report;
        this.error = null;
      } catch (e) {
        if (id !== this.seq) return;
        this.error = asReport(e);
      } finally {
        if (id === this.seq) {
          clearTimeout(this.busyTimer);
          this.busy = false;
        }
      }
    }, this.delay);
  }

  /** Stops waiting: nothing asked before this will be shown. */
  cancel(): void {
    this.seq++;
    clearTimeout(this.timer);
    clearTimeout(this.busyTimer);
    this.busy = false;
  }
}
