#!/usr/bin/env bash
# Installs everything Clubroom needs to build, run and test on Debian or Ubuntu:
# system packages (Tauri's WebKitGTK stack, Xvfb and WebKitWebDriver for end-to-end tests,
# qpdf and poppler to check PDFs, Python's venv to hold the Frictionless tool), the front
# end's npm packages from the lockfile, tauri-driver, and frictionless (which checks the
# partnership summary) and wsgidav (a WebDAV server the tests send summaries to); lintian,
# desktop-file-utils, help2man, xz-utils and dpkg-dev for the Debian package and its checks
# (scripts/package.sh, scripts/check-package.sh; Tauri's bundler itself comes from npm when
# package.sh first runs); the AT-SPI accessibility bus and libatspi's Python binding, through
# which tests/e2e/tests/screen_reader.rs reads the window as a screen reader does. Safe to run
# again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
  pkg-config build-essential curl file
  xvfb webkit2gtk-driver imagemagick
  qpdf poppler-utils sqlite3 locales
  python3 python3-venv
  apache2-bin gnome-keyring dbus-daemon dbus-bin
  at-spi2-core python3-gi gir1.2-atspi-2.0
  lintian desktop-file-utils help2man xz-utils dpkg-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# British dates (day first) in the window's date fields during end-to-end tests and screenshots.
if ! locale -a 2>/dev/null | grep -qi '^en_GB\.utf-\?8$'; then
  echo "==> Generating the en_GB.UTF-8 locale"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd sed -i 's/^# *en_GB.UTF-8 UTF-8/en_GB.UTF-8 UTF-8/' /etc/locale.gen 2>/dev/null || true
  $sudo_cmd locale-gen en_GB.UTF-8 >/dev/null 2>&1 || $sudo_cmd localedef -i en_GB -f UTF-8 en_GB.UTF-8 || true
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed. Install it from https://rustup.rs (then run this again)." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js 20 or later is not installed. Install it (e.g. apt-get install nodejs npm) and run this again." >&2
  exit 1
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> Installing the front end's packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> Installing tauri-driver (for the end-to-end tests)"
  cargo install tauri-driver --locked --version 2.1.0 --quiet
fi

# The real Frictionless tool from PyPI, which the tests run on the partnership summary
# (`frictionless validate`). Its own virtualenv keeps it away from the system's Python;
# crates/cli/tests/cli.rs looks for it here.
frictionless_version=5.21.0
frictionless_venv=target/tools/frictionless
if ! "$frictionless_venv/bin/frictionless" --version 2>/dev/null | grep -qx "$frictionless_version"; then
  echo "==> Installing frictionless $frictionless_version (to check partnership summaries)"
  mkdir -p target/tools
  python3 -m venv --clear "$frictionless_venv"
  "$frictionless_venv/bin/pip" install --quiet --disable-pip-version-check "frictionless==$frictionless_version"
fi

# A real WebDAV server from PyPI (WsgiDAV on the Cheroot web server), which the tests start
# to check sending the partnership summary (crates/core/src/sync_tests.rs): PUT, MOVE,
# a wrong password, the server down then up. Its own virtualenv, as for frictionless.
wsgidav_version=4.4.0
cheroot_version=11.1.2
wsgidav_venv=target/tools/wsgidav
# Outputs are read whole first: `grep -q` stopping early would fail the pipe (pipefail).
wsgidav_found=$("$wsgidav_venv/bin/wsgidav" --version 2>/dev/null || true)
cheroot_found=$("$wsgidav_venv/bin/pip" show cheroot 2>/dev/null || true)
if [ "$wsgidav_found" != "$wsgidav_version" ] \
  || ! grep -qx "Version: $cheroot_version" <<<"$cheroot_found"; then
  echo "==> Installing wsgidav $wsgidav_version (to test sending partnership summaries)"
  mkdir -p target/tools
  python3 -m venv --clear "$wsgidav_venv"
  "$wsgidav_venv/bin/pip" install --quiet --disable-pip-version-check \
    "wsgidav==$wsgidav_version" "cheroot==$cheroot_version"
fi
