// A Vite plugin that lists every npm package whose code or files the build put into dist/,
// with the licence its package.json declares, as dist/npm-packages.json. It reads the build's
// own module graph, so only what ships is listed (not test tools, not the type checker).
// src-tauri/tests/licences.rs checks that list against assets/licences/npm-packages.json,
// which the About screen shows; CLUBROOM_WRITE_LICENCES=1 there copies it over.
import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";

const MARK = "/node_modules/";

function packageRoot(id, projectRoot) {
  let path = id.replace(/^\0/, "").split("?")[0].replaceAll("\\", "/");
  // Assets remember their source relative to the project (node_modules/...).
  if (!isAbsolute(path)) path = `${projectRoot}/${path}`;
  const at = path.lastIndexOf(MARK);
  if (at < 0) return null;
  const parts = path.slice(at + MARK.length).split("/");
  const name = parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  return path.slice(0, at + MARK.length) + name;
}

function repositoryOf(manifest) {
  const repository = manifest.repository;
  const url = typeof repository === "string" ? repository : repository?.url;
  if (!url) return null;
  // npm's shorthand "owner/name" (or "github:owner/name") means a GitHub repository.
  const shorthand = url.match(/^(?:github:)?([\w.-]+\/[\w.-]+)$/);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  return url.replace(/^git\+/, "").replace(/\.git$/, "").replace(/^git:\/\//, "https://");
}

function authorsOf(manifest) {
  const people = [manifest.author, ...(manifest.contributors ?? [])].filter(Boolean);
  return people.map((p) => (typeof p === "string" ? p : p.name)).map((p) => p.replace(/\s*[<(].*$/, "").trim()).filter(Boolean);
}

function licenceOf(manifest) {
  if (typeof manifest.license === "string") return manifest.license;
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map((l) => l.type ?? l).join(" OR ");
  return "";
}

export function bundledLicences() {
  let projectRoot = process.cwd();
  return {
    name: "clubroom-bundled-licences",
    apply: "build",
    configResolved(config) {
      projectRoot = config.root.replaceAll("\\", "/");
    },
    generateBundle(_options, bundle) {
      const roots = new Set();
      // Code comes through the module graph; files that CSS pulled in (the Inter font) come
      // as assets that remember where they were read from.
      const sources = [...this.getModuleIds()];
      for (const output of Object.values(bundle)) {
        if (output.type === "asset") sources.push(...(output.originalFileNames ?? []));
      }
      for (const id of sources) {
        const root = packageRoot(id, projectRoot);
        if (root) roots.add(root);
      }
      const components = [...roots].map((root) => {
        const manifest = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
        return {
          name: manifest.name,
          version: manifest.version,
          licence: licenceOf(manifest),
          repository: repositoryOf(manifest),
          authors: authorsOf(manifest),
        };
      });
      components.sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1));
      const list = {
        schema: "clubroom-licences/1",
        generated_by: "ui/bundled-licences.mjs: the npm packages in the module graph of `npm run build` (ui/dist)",
        components,
      };
      this.emitFile({ type: "asset", fileName: "npm-packages.json", source: JSON.stringify(list, null, 2) + "\n" });
    },
  };
}
