#!/usr/bin/python3
"""Prints, as JSON, the accessibility tree a screen reader gets of one application over
AT-SPI (the D-Bus accessibility bus that Orca reads on Linux).

Usage: tree.py APP_NAME [SECONDS]
APP_NAME is the application's accessible name (a program's name, as GTK gives it); the script
waits up to SECONDS (default 20) for it to appear on the bus. It prints the application's
node as one JSON object, each node {"role", "name", "description", "states", "attributes"
(from the toolkit, e.g. WebKit's "tag"), "text" (where the node has text), "children"}.

Reads the bus of DBUS_SESSION_BUS_ADDRESS, as any AT-SPI client does. Needs python3-gi and
gir1.2-atspi-2.0 (scripts/setup.sh installs them), run with the system's Python.
"""

import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# A walk stops after this many nodes (the screens checked have 100 to 300).
MOST_NODES = 20000


def find_app(name, seconds):
    deadline = time.time() + seconds
    seen = []
    while time.time() < deadline:
        desktop = Atspi.get_desktop(0)
        seen = []
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is None:
                continue
            app_name = app.get_name() or ""
            seen.append(app_name)
            if app_name == name and app.get_child_count() > 0:
                return app
        time.sleep(0.25)
    sys.exit(f"No application named {name!r} on the accessibility bus (seen: {seen})")


def text_of(node):
    """The text a screen reader reads out of a node, where it has any (WebKit puts the
    object replacement character U+FFFC where a child object sits in the text)."""
    try:
        if "Text" not in node.get_interfaces():
            return None
        said = Atspi.Text.get_text(node, 0, -1)
    except Exception:
        return None
    if said is None:
        return None
    return said.replace("\ufffc", " ").strip() or None


def states_of(node):
    states = node.get_state_set()
    return sorted(
        Atspi.StateType(s).value_nick
        for s in range(Atspi.StateType.LAST_DEFINED)
        if states.contains(Atspi.StateType(s))
    )


def describe(node, depth, budget):
    """The node and everything under it, as nested dictionaries."""
    budget[0] -= 1
    try:
        attributes = dict(node.get_attributes() or {})
    except Exception:
        attributes = {}
    entry = {
        "role": node.get_role_name(),
        "name": node.get_name() or "",
        "description": node.get_description() or "",
        "states": states_of(node),
        "attributes": attributes,
        "children": [],
    }
    said = text_of(node)
    if said:
        entry["text"] = said
    for i in range(node.get_child_count()):
        if budget[0] <= 0:
            break
        child = node.get_child_at_index(i)
        if child is None:
            continue
        try:
            entry["children"].append(describe(child, depth + 1, budget))
        except Exception:
            # A node gone between two reads (the page changed): the rest is still read.
            continue
    return entry


def main():
    name = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
    app = find_app(name, seconds)
    json.dump(describe(app, 0, [MOST_NODES]), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
