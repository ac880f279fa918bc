/**
 * The screens behind the menu, each loaded the first time it is opened (its own chunk of
 * JavaScript, built by Vite from each `import()`), so starting the app parses and keeps only
 * what the first screen shows: the home screen, the welcome and the sign-in screens are in
 * the main bundle (App.svelte). Measured in docs/performance.md ("Memory and start-up").
 * A module loads once; opening a screen again reuses it.
 */
export const screens = {
  club: () => import("../screens/club/Club.svelte"),
  youngPeople: () => import("../screens/young-people/YoungPeople.svelte"),
  youngPersonPage: () => import("../screens/young-people/YoungPersonPage.svelte"),
  sessions: () => import("../screens/sessions/Sessions.svelte"),
  register: () => import("../screens/register/Register.svelte"),
  settings: () => import("../screens/settings/Settings.svelte"),
  about: () => import("../screens/about/About.svelte"),
  people: () => import("../screens/people/People.svelte"),
  personPage: () => import("../screens/people/PersonPage.svelte"),
  returns: () => import("../screens/returns/Returns.svelte"),
  outcomes: () => import("../screens/outcomes/Outcomes.svelte"),
  templateEditor: () => import("../screens/returns/TemplateEditor.svelte"),
  partnership: () => import("../screens/partnership/Partnership.svelte"),
  auditLog: () => import("../screens/audit/AuditLog.svelte"),
  incidents: () => import("../screens/incidents/Incidents.svelte"),
};
