import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { refreshStatus } from "./lib/app.svelte";
import { setBackend } from "./lib/ipc/backend";
import { tauriBackend } from "./lib/ipc/tauri";
import { askForTheHomeScreenEarly, markStep, pause, textFontLoaded } from "./lib/startup";

markStep("script");
setBackend(tauriBackend);

const target = document.getElementById("app");
if (!target) throw new Error("The page has no #app element");

/**
 * Everything the first screen needs is asked for at once (the status and words, the home
 * screen's data, the text font), and the app is drawn when it is here: one drawing of the
 * whole window instead of three (docs/performance.md, "The first screen"). Never more than
 * a second's wait: whatever is late, or fails, the app then asks for and says itself.
 */
async function start() {
  const home = askForTheHomeScreenEarly();
  const ready = Promise.all([refreshStatus(), home, textFontLoaded()]).catch(() => {});
  await Promise.race([ready, pause(1000)]);
  markStep("mounting");
  const app = mount(App, { target: target! });
  markStep("mounted");
  return app;
}

export default start();
