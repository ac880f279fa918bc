#!/usr/bin/env bash
# The one release build of the app and clubroom-cli that the .deb is made from (root
# Cargo.toml's [profile.release]). scripts/package.sh runs it; scripts/test.sh starts it early,
# in the background and at the lowest priority, so that it uses the CPU the tests leave idle
# (the end-to-end tests spend most of their time waiting for the window) and package.sh then
# finds it done. Both call this one command, so the second call builds nothing again.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo build --release --locked -p clubroom-app -p clubroom-cli --features clubroom-app/custom-protocol
