import type { Plugin } from "vite";

/** Writes dist/npm-packages.json: the npm packages the build bundled, with their licences. */
export function bundledLicences(): Plugin;
