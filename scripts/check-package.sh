#!/usr/bin/env bash
# Checks the .deb that scripts/package.sh built, as someone installing it would meet it:
#   0. it is under the 15 MB the issue allows
#   1. lintian finds no errors in it
#   2. it installs with apt-get, and puts the app and clubroom-cli on the PATH
#   3. `clubroom-cli --version` answers from the PATH with the package's version
#   4. the end-to-end foundation test passes against the INSTALLED app (/usr/bin/clubroom)
#   5. upgrading keeps a club's records: the same .deb repacked as an older version is
#      installed, a club is made in the data folder with clubroom-cli, the real .deb is
#      installed over it, and the club opens with the same records
#   6. removing (and purging) the package keeps the club's data, and says where it is
# Ends with "package checks: N passed, N failed" (scripts/test.sh adds it to its count).
#
#   ./scripts/check-package.sh [FILE.deb]   # default: target/release/bundle/deb/*.deb
#
# It installs and removes the package system-wide, so it needs root (or sudo), and it will
# not touch a Clubroom already installed on this machine. The club it makes lives in a
# temporary home folder, never in yours.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; failed=$((failed + 1)); }
finish() {
  echo "package checks: ${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ]
  exit $?
}
started=$SECONDS

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
apt_get() { $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
installed_version() { dpkg-query -W -f='${Status} ${Version}' clubroom 2>/dev/null | sed -n 's/^install ok installed //p'; }

# The .deb to check: the one given, else the one scripts/package.sh built.
deb=${1:-$(ls target/release/bundle/deb/*.deb 2>/dev/null | head -n 1)}
if [ -z "$deb" ]; then
  fail "there is no .deb to check: run ./scripts/package.sh first"
  finish
fi
deb=$(realpath "$deb")
version=$(dpkg-deb -f "$deb" Version)
package=$(dpkg-deb -f "$deb" Package)
echo "==> Checking $deb ($package $version, $(( $(stat -c %s "$deb") / 1024 )) KiB)"
if [ "$package" != "clubroom" ]; then
  fail "the package is called $package, not clubroom"
  finish
fi
if [ -n "$(installed_version)" ]; then
  fail "Clubroom $(installed_version) is already installed on this machine; these checks install and remove it, so they did not run"
  finish
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- 0. size ----
# 15 MB as the issue says it (15,000,000 bytes, not MiB): a download a hall's laptop can take.
size=$(stat -c %s "$deb")
if [ "$size" -lt 15000000 ]; then
  pass "the .deb is $size bytes, under 15 MB"
else
  fail "the .deb is $size bytes, over 15 MB"
fi

# ---- 1. lintian ----
# lintian checks the package; desktop-file-validate (desktop-file-utils) its menu entry.
if ! command -v lintian >/dev/null 2>&1 || ! command -v desktop-file-validate >/dev/null 2>&1; then
  apt_get update -qq >/dev/null
  apt_get install -y -qq --no-install-recommends lintian desktop-file-utils >/dev/null
fi
lintian --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1
lintian_errors=$(grep -c '^E: ' "$work/lintian.txt")
sed 's/^/  lintian: /' "$work/lintian.txt"
if [ "$lintian_errors" -eq 0 ]; then
  pass "lintian: no errors ($(grep -c '^W: ' "$work/lintian.txt") warnings, each explained in docs/installing.md)"
else
  fail "lintian: $lintian_errors errors"
fi

# ---- 5 (first half). An older build, with a club in it ----
# The same .deb repacked with a lower version: an upgrade without a second release build
# (compressed lightly: only this check reads it).
dpkg-deb -R "$deb" "$work/older"
sed -i "s/^Version: .*/Version: 0.0.1/" "$work/older/DEBIAN/control"
dpkg-deb -Zgzip -z1 --root-owner-group -b "$work/older" "$work/clubroom_0.0.1_older.deb" >/dev/null
apt_get install -y -qq "$work/clubroom_0.0.1_older.deb" >/dev/null 2>"$work/apt.txt" || cat "$work/apt.txt"

# The club of someone who used the older build, in their default data folder. The repacked
# package holds today's program, which would update the file as soon as it opened it, so the
# file is written as schema version 8 left it by crates/core/examples/older_club.rs (two young
# people and a register, made by the first eight migrations and SQL frozen at 8): opening it
# after the upgrade must back it up first, migrate it and keep every record.
home="$work/home"
mkdir -p "$home"
as_user() { env -u CLUBROOM_DB -u XDG_DATA_HOME HOME="$home" CLUBROOM_TODAY=2026-11-24 "$@"; }
data="$home/.local/share/uk.clubroom.desktop"
club="$data/clubroom.sqlite3"
older_club=target/debug/examples/older_club
# `cargo test --workspace` (scripts/test.sh, before this) has built it; one built before the
# frozen schema-8 SQL existed (older than that file) undid migrations by hand and refuses to
# run now, so it is built again. (Not every time: run after other builds here, `cargo build
# --workspace --examples` recompiled libraries such as lopdf and allsorts in debug.)
if [ ! -x "$older_club" ] || [ crates/core/src/store/older_clubs/schema_8.sql -nt "$older_club" ]; then
  cargo build --quiet --workspace --examples
fi
schema() { sqlite3 "$1" 'PRAGMA user_version;' 2>/dev/null; }
mkdir -p "$data"
if [ "$(installed_version)" = "0.0.1" ] && night=$("$older_club" "$club") && [ "$(schema "$club")" = 8 ]; then
  echo "  an older build (0.0.1) is installed and a club at schema version 8 is in $data"
else
  fail "could not install an older build and give it a club at the previous schema version"
fi

# ---- 2. installing (an upgrade here) ----
if apt_get install -y -qq "$deb" >/dev/null 2>"$work/apt.txt" && [ "$(installed_version)" = "$version" ]; then
  pass "apt-get install ./$(basename "$deb") upgraded 0.0.1 to $version"
else
  cat "$work/apt.txt"
  fail "apt-get could not install $deb"
fi
if [ "$(command -v clubroom)" = /usr/bin/clubroom ] && [ "$(command -v clubroom-cli)" = /usr/bin/clubroom-cli ] \
  && [ -f /usr/share/applications/Clubroom.desktop ] && grep -q '^Exec=clubroom' /usr/share/applications/Clubroom.desktop \
  && grep -Eq '^Categories=Education;' /usr/share/applications/Clubroom.desktop && desktop-file-validate /usr/share/applications/Clubroom.desktop \
  && [ -f /usr/share/icons/hicolor/128x128/apps/clubroom.png ]; then
  pass "the app is in the desktop menu with its icon, and clubroom and clubroom-cli are on the PATH"
else
  ls -l /usr/bin/clubroom* /usr/share/applications/*lubroom* 2>&1
  fail "the app's menu entry, icon or commands are missing"
fi

# ---- 3. clubroom-cli --version from the PATH ----
answer=$(cd / && clubroom-cli --version 2>&1)
if [ "$answer" = "clubroom-cli $version" ]; then
  pass "clubroom-cli --version from the PATH says \"$answer\""
else
  fail "clubroom-cli --version said \"$answer\", not \"clubroom-cli $version\""
fi

# ---- 5 (second half). After the upgrade: backed up, migrated, every record kept ----
if as_user clubroom-cli young-people list --all --json >"$work/after.json" 2>"$work/after.err" \
  && grep -q '"Ada"' "$work/after.json" && grep -q '"Bo"' "$work/after.json" \
  && grep -Eq '"total": *2\b' "$work/after.json" \
  && as_user clubroom-cli register show "${night:-1}" --json >"$work/register.json" 2>>"$work/after.err" \
  && [ "$(grep -o '"present": *true' "$work/register.json" | wc -l)" -eq 2 ]; then
  pass "after the upgrade the club opens with its two young people and its register"
else
  cat "$work/after.err" "$work/after.json" "$work/register.json" 2>/dev/null | head -n 40
  fail "after the upgrade the club's records differ or could not be read"
fi
latest=$(ls crates/core/src/store/migrations/*.sql | wc -l)
backup=$(ls "$data"/clubroom-backups/*before-migration* 2>/dev/null | head -n 1)
if [ "$(schema "$club")" = "$latest" ] && [ -n "$backup" ] && [ "$(schema "$backup")" = 8 ]; then
  pass "the upgraded app migrated the club file to schema $latest after backing it up at 8 ($(basename "$backup"))"
else
  ls -la "$data" "$data/clubroom-backups" 2>&1
  fail "the club file was not migrated (schema $(schema "$club")), or not backed up first (${backup:-no before-migration backup})"
fi

# ---- 4. the end-to-end foundation test against the installed app ----
echo "==> The end-to-end foundation test, against /usr/bin/clubroom"
CLUBROOM_APP=/usr/bin/clubroom cargo test --workspace --test foundation 2>&1 | tee "$work/e2e.txt"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then
  pass "the end-to-end foundation test passed against the installed app"
else
  fail "the end-to-end foundation test failed against the installed app"
fi

# ---- 6. removing keeps the club, and says where it is ----
data_sum() { (cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }
sum_before=$(data_sum)
apt_get remove -y clubroom >"$work/remove.txt" 2>&1
sed 's/^/  apt-get remove: /' "$work/remove.txt" | grep -v 'Reading\|Building\|database' || true
if [ -z "$(installed_version)" ] && [ ! -e /usr/bin/clubroom ] && [ ! -e /usr/bin/clubroom-cli ] \
  && [ "$(data_sum)" = "$sum_before" ] \
  && grep -q 'NOT been deleted' "$work/remove.txt" && grep -q '~/.local/share/uk.clubroom.desktop' "$work/remove.txt"; then
  pass "apt-get remove took the app away, kept the club's data folder untouched and said where it is"
else
  fail "removing the package lost the club, left the app, or did not say where the data is"
fi
apt_get purge -y clubroom >/dev/null 2>&1
if ! dpkg-query -W -f='${Status}' clubroom 2>/dev/null | grep -q 'ok installed\|config-files' \
  && [ "$(data_sum)" = "$sum_before" ] && [ -f "$club" ]; then
  pass "purging the package too keeps the club's data folder byte for byte"
else
  fail "purging the package touched the club's data"
fi

echo "==> Package checks took $(( SECONDS - started )) s"
finish
