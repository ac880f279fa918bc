#!/usr/bin/env bash
# Runs every test: the front end's type check and unit tests, the Rust workspace's unit,
# integration and CLI tests, the end-to-end tests that drive the real app window, and the
# Debian package's checks (one release build, the .deb made from it, then installed over an
# older build, driven, and removed: scripts/package.sh and scripts/check-package.sh; these
# install and remove the package system-wide, as root or through sudo).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1

logs=target/test-logs
mkdir -p "$logs"
status=0

# Each stage's heading says how long the run has taken so far, so a slow CI run shows where
# its time went (the whole run must stay well inside CI's limit on 2 cores).
stage() { printf '==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

stage "Front end: type check, unit tests, build"
(cd ui && npm run check --silent) 2>&1 | tee "$logs/ui-check.log" || status=1
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
(cd ui && npx vitest run --reporter=default) 2>&1 | tee "$logs/ui-test.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
(cd ui && npm run build --silent) 2>&1 | tee "$logs/ui-build.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "The front end did not build; the app tests cannot run."; exit 1; }

# The release build for the .deb takes about as long as everything before the package stage.
# Started now at the lowest priority, it runs on the CPU the tests leave idle (the end-to-end
# tests mostly wait for the window) instead of after them; the tests keep their speed because
# the scheduler gives a niced process only what nothing else wants. The package stage below
# waits for it and counts its result.
stage "The release build for the .deb, started in the background (log: $logs/release-build.log)"
nice -n 19 ./scripts/build-release.sh >"$logs/release-build.log" 2>&1 &
release_build=$!
# If the run stops early, the build must not outlive it.
trap 'kill "$release_build" 2>/dev/null' EXIT

stage "Rust: formatting and lints"
cargo fmt --all -- --check || status=1
cargo clippy --workspace --all-targets --quiet -- -D warnings || status=1

stage "Rust: build (the app binary too, for the end-to-end tests)"
cargo build --workspace 2>&1 | tail -n 3
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "The Rust workspace did not build."; exit 1; }

stage "Rust: every test, end-to-end included"
cargo test --workspace --no-fail-fast 2>&1 | tee "$logs/cargo-test.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

stage "The Debian package: one release build, the .deb, then install, upgrade, drive, remove"
# package.sh makes the release build (the slow part) once; check-package.sh reuses the .deb
# made from it and ends with "package checks: N passed, N failed", counted below.
package_passed=0
package_failed=0
stage "Waiting for the release build started earlier"
if ! wait "$release_build"; then
  tail -n 30 "$logs/release-build.log"
  echo "The release build failed (above); package.sh tries it once more in the foreground."
fi
./scripts/package.sh 2>&1 | tee "$logs/package.log"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then
  ./scripts/check-package.sh 2>&1 | tee "$logs/check-package.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  package_line=$(grep -E '^package checks: ' "$logs/check-package.log" | tail -1)
  package_passed=$(echo "$package_line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
  package_failed=$(echo "$package_line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
  [ -n "$package_line" ] || { echo "The package checks did not finish."; package_failed=1; status=1; }
else
  echo "The .deb did not build; its checks did not run."
  package_failed=1
  status=1
fi

# One summary line over the whole run, for people and for CI.
rust_passed=$(grep -Eo '^test result: .*' "$logs/cargo-test.log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
rust_failed=$(grep -Eo '^test result: .*' "$logs/cargo-test.log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
ui_line=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/ui-test.log" | grep -E '^ *Tests ' | tail -1)
ui_passed=$(echo "$ui_line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
ui_failed=$(echo "$ui_line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
passed=$(( rust_passed + ${ui_passed:-0} + ${package_passed:-0} ))
failed=$(( rust_failed + ${ui_failed:-0} + ${package_failed:-0} ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "A check failed (see above)."; fi
stage "Finished"
echo "${passed} passed, ${failed} failed"
exit "$status"
