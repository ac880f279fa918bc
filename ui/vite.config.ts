import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { bundledLicences } from "./bundled-licences.mjs";

// The app loads ui/dist from the binary (tauri.conf.json build.frontendDist); no dev server
// is needed to run it. Relative paths keep assets working under tauri's custom protocol.
export default defineConfig(({ mode }) => ({
  base: "./",
  // bundledLicences: the npm packages that ship, for the About screen (src-tauri/tests/licences.rs).
  plugins: [svelte(), bundledLicences()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
  },
  // Screen tests mount components in jsdom, which needs Svelte's browser build.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    // Lets @testing-library/svelte clean up after each test.
    globals: true,
    include: ["src/**/*.test.ts"],
    // A screen test types whole forms through user-event; on a busy 2-core machine the
    // longest took over 5 s (the default). This bounds a hung test, it does not time one.
    testTimeout: 20_000,
  },
}));
