import { describe, expect, it, beforeEach } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Club from "./Club.svelte";
import { freshClub } from "../../test/setup";
import type { FakeBackend } from "../../lib/ipc/fake";

let fake: FakeBackend;
beforeEach(() => {
  fake = freshClub();
});

const projects = () => screen.queryAllByTestId("project");

describe("the club's projects", () => {
  it("adds a project with its funder, renames it and marks it finished", async () => {
    const user = userEvent.setup();
    render(Club, {});
    await screen.findByText(/No projects yet/);
    await user.type(screen.getByTestId("project-name"), "Youth Investment Fund");
    await user.type(screen.getByTestId("project-funder"), "DCMS");
    await user.click(screen.getByTestId("project-add"));
    await waitFor(() => expect(projects()).toHaveLength(1));
    expect(projects()[0].textContent).toContain("Youth Investment Fund");
    expect(projects()[0].textContent).toContain("Funded by DCMS");
    expect(fake.projectList).toEqual([{ id: expect.any(Number), name: "Youth Investment Fund", funder: "DCMS", archived: false }]);

    await user.click(within(projects()[0]).getByTestId("project-edit"));
    const name = screen.getByTestId("project-name") as HTMLInputElement;
    expect(name.value).toBe("Youth Investment Fund");
    await user.clear(name);
    await user.type(name, "YIF detached work");
    await user.clear(screen.getByTestId("project-funder"));
    await user.click(screen.getByTestId("project-add"));
    await waitFor(() => expect(projects()[0].textContent).toContain("YIF detached work"));
    expect(projects()[0].textContent).toContain("No particular funder");
    expect(fake.projectList[0].funder).toBeNull();

    await user.click(within(projects()[0]).getByTestId("project-archive"));
    await waitFor(() => expect(projects()[0].textContent).toContain("Finished"));
    expect(fake.projectList[0].archived).toBe(true);
    await user.click(within(projects()[0]).getByTestId("project-archive"));
    await waitFor(() => expect(fake.projectList[0].archived).toBe(false));
  });

  it("shows the core's message when a project is refused", async () => {
    const user = userEvent.setup();
    render(Club, {});
    await screen.findByText(/No projects yet/);
    await user.click(screen.getByTestId("project-add"));
    expect((await screen.findByTestId("project-error")).textContent).toContain("Give the project a name.");
    expect(fake.projectList).toHaveLength(0);
  });
});
