import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { setBackend } from "./lib/ipc/backend";
import { tauriBackend } from "./lib/ipc/tauri";

setBackend(tauriBackend);

const target = document.getElementById("app");
if (!target) throw new Error("The page has no #app element");

export default mount(App, { target });
