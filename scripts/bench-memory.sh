#!/usr/bin/env bash
# The memory and start-up benchmark (docs/performance.md, "Memory and start-up"): Clubroom's
# release build with the large demo club beside a bare window of the same Tauri, each alone on
# its own Xvfb display. A benchmark, not a test: it prints figures and passes nothing.
#
#   ./scripts/bench-memory.sh [RUNS]      # default 3 runs; medians at the end
#
# It builds, if they are not there yet:
#   - the bare window: a few lines of Tauri in target/bench-bare (never shipped) showing a
#     one-line page, with the same tauri and tauri-build versions as Cargo.lock and the same
#     release profile as Clubroom;
#   - Clubroom's release build (as scripts/package.sh makes it);
#   - the large demo: 5,000 young people and ten years of registers (520 weeks, 40 groups a
#     week, seed 1, up to 24 November 2026), made by the release clubroom-cli.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-3}

locked_version() { awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock; }
tauri_version=$(locked_version tauri)
tauri_build_version=$(locked_version tauri-build)

echo "==> The bare window (tauri $tauri_version, tauri-build $tauri_build_version)"
bare=target/bench-bare
mkdir -p "$bare/src" "$bare/dist" "$bare/icons"
cat >"$bare/Cargo.toml" <<EOF
[package]
name = "bare-window"
version = "0.0.0"
edition = "2021"
publish = false

# Its own workspace: never part of Clubroom's.
[workspace]

[build-dependencies]
tauri-build = { version = "=$tauri_build_version", features = [] }

[dependencies]
tauri = { version = "=$tauri_version", features = ["custom-protocol"] }

$(sed -n '/^\[profile.release\]/,/^$/p' Cargo.toml)
EOF
cat >"$bare/build.rs" <<'EOF'
fn main() {
    tauri_build::build()
}
EOF
cat >"$bare/src/main.rs" <<'EOF'
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare window runs");
}
EOF
cat >"$bare/tauri.conf.json" <<'EOF'
{
  "productName": "Bare",
  "version": "0.0.0",
  "identifier": "uk.clubroom.bench-bare",
  "build": { "frontendDist": "dist" },
  "app": { "windows": [{ "title": "Bare", "width": 1280, "height": 800 }] },
  "bundle": { "active": false, "icon": ["icons/icon.png"] }
}
EOF
echo '<!doctype html><html><body><div id="app"><p>A bare Tauri window.</p></div></body></html>' >"$bare/dist/index.html"
cp src-tauri/icons/icon.png "$bare/icons/icon.png"
# The workspace's lock file, so every crate the two share is the same version.
[ -f "$bare/Cargo.lock" ] || cp Cargo.lock "$bare/Cargo.lock"
(cd "$bare" && CARGO_TARGET_DIR="$root/target/bench-bare/target" cargo build --release --quiet)
bare_binary=$root/target/bench-bare/target/release/bare-window

echo "==> Clubroom's release build"
(cd ui && npm run build --silent)
cargo build --release --locked --quiet -p clubroom-app -p clubroom-cli --features clubroom-app/custom-protocol

demo=target/bench-demo/demo-club.sqlite3
if [ ! -f "$demo" ]; then
  echo "==> The large demo club"
  mkdir -p target/bench-demo
  target/release/clubroom-cli --db "$demo" demo --young-people 5000 --weeks 520 \
    --sessions-per-week 40 --seed 1 --until 2026-11-24
fi

echo "==> Measuring ($runs runs)"
cargo build --quiet --workspace --examples
target/debug/examples/bench_memory "$bare_binary" target/release/clubroom "$demo" "$runs"
