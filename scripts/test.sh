#!/usr/bin/env bash
# Runs every test: the front end's type check and unit tests, the Rust workspace's unit,
# integration and CLI tests, and the end-to-end tests that drive the real app window.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1

logs=target/test-logs
mkdir -p "$logs"
status=0

echo "==> Front end: type check, unit tests, build"
(cd ui && npm run check --silent) 2>&1 | tee "$logs/ui-check.log" || status=1
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
(cd ui && npx vitest run --reporter=default) 2>&1 | tee "$logs/ui-test.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
(cd ui && npm run build --silent) 2>&1 | tee "$logs/ui-build.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "The front end did not build; the app tests cannot run."; exit 1; }

echo "==> Rust: formatting and lints"
cargo fmt --all -- --check || status=1
cargo clippy --workspace --all-targets --quiet -- -D warnings || status=1

echo "==> Rust: build (the app binary too, for the end-to-end tests)"
cargo build --workspace 2>&1 | tail -n 3
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "The Rust workspace did not build."; exit 1; }

echo "==> Rust: every test, end-to-end included"
cargo test --workspace --no-fail-fast 2>&1 | tee "$logs/cargo-test.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# One summary line over the whole run, for people and for CI.
rust_passed=$(grep -Eo '^test result: .*' "$logs/cargo-test.log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
rust_failed=$(grep -Eo '^test result: .*' "$logs/cargo-test.log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
ui_line=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/ui-test.log" | grep -E '^ *Tests ' | tail -1)
ui_passed=$(echo "$ui_line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
ui_failed=$(echo "$ui_line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
passed=$(( rust_passed + ${ui_passed:-0} ))
failed=$(( rust_failed + ${ui_failed:-0} ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "A check failed (see above)."; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
