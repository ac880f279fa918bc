import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import About from "./About.svelte";
import Settings from "../settings/Settings.svelte";
import { freshClub } from "../../test/setup";
import { app } from "../../lib/app.svelte";
import type { FakeBackend } from "../../lib/ipc/fake";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

describe("About Clubroom", () => {
  it("is reached from Settings", async () => {
    const user = userEvent.setup();
    render(Settings, {});
    await user.click(screen.getByTestId("open-about"));
    expect(app.screen).toEqual({ name: "about" });
  });

  it("shows the version, where the club file, its keys and its backups are, and Clubroom's licence", async () => {
    fake.aboutInfo.version = "0.7.3";
    fake.aboutInfo.club_file = "/home/leader/.local/share/uk.clubroom.desktop/clubroom.sqlite3";
    fake.aboutInfo.backups_folder = "/home/leader/.local/share/uk.clubroom.desktop/clubroom-backups";
    render(About, {});
    expect((await screen.findByTestId("about-version")).textContent).toBe("Clubroom 0.7.3");
    expect(screen.getByTestId("about-club-file").textContent).toBe(fake.aboutInfo.club_file);
    expect(screen.getByTestId("about-key-file").textContent).toBe("/tmp/club.sqlite3.keys");
    expect(screen.getByTestId("about-backups-folder").textContent).toBe(fake.aboutInfo.backups_folder);
    expect(screen.getByTestId("about-licence").textContent).toContain("AGPL-3.0-or-later");
    expect(screen.getByTestId("about-licence").textContent).toContain("GNU Affero General Public License");
  });

  it("lists every component the app reports, with the count of each licence", async () => {
    render(About, {});
    await screen.findByTestId("about-version");
    const names = screen.getAllByTestId("about-component").map((row) => row.dataset.name);
    expect(names).toEqual(["rusqlite", "serde", "tauri", "svelte", "Inter"]);
    expect(screen.getByTestId("about-counts").textContent).toContain("3 Rust crates and 1 front-end packages");
    const counts = screen.getAllByTestId("about-licence-count").map((li) => li.textContent!.replace(/\s+/g, " ").trim());
    expect(counts).toEqual(["MIT 2", "Apache-2.0 OR MIT 1", "MIT OR Apache-2.0 1", "OFL-1.1 1"]);
    expect(screen.getByTestId("about-font-licence").textContent).toContain("Open Font License (OFL)");
  });

  it("finds a component by name or licence, and says when nothing matches", async () => {
    const user = userEvent.setup();
    render(About, {});
    await screen.findByTestId("about-version");
    await user.type(screen.getByTestId("about-find"), "sqlite");
    await waitFor(() => expect(screen.getAllByTestId("about-component").map((r) => r.dataset.name)).toEqual(["rusqlite"]));
    await user.clear(screen.getByTestId("about-find"));
    await user.type(screen.getByTestId("about-find"), "ofl");
    await waitFor(() => expect(screen.getAllByTestId("about-component").map((r) => r.dataset.name)).toEqual(["Inter"]));
    await user.clear(screen.getByTestId("about-find"));
    await user.type(screen.getByTestId("about-find"), "no such thing");
    expect((await screen.findByTestId("about-none")).textContent).toContain("Nothing matches");
  });

  it("says why when the app cannot answer", async () => {
    fake.failNext.about = { kind: "invalid", message: "Clubroom hit an internal problem: test", details: [], candidates: [] };
    render(About, {});
    expect((await screen.findByTestId("about-error")).textContent).toContain("internal problem");
  });
});
