#!/usr/bin/env bash
# Builds Clubroom's Debian package, once: the front end, then the app and clubroom-cli in one
# release build, then the .deb from those binaries with Tauri's bundler (@tauri-apps/cli, pinned).
# Prints where the .deb is and its size. scripts/check-package.sh installs and checks it.
#
#   ./scripts/package.sh            # builds target/release/bundle/deb/Clubroom_<version>_amd64.deb
#
# Only the .deb: the AppImage step downloads tools from the internet, and the Windows and macOS
# installers are built on those systems (docs/installing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step() { echo "==> $1 ($(( SECONDS - started )) s so far)"; }

# Tauri's bundler is the npm package @tauri-apps/cli, pinned exactly here: npm fetches its
# prebuilt binary in seconds (compiling tauri-cli with cargo install took about 24
# CPU-minutes here). It is kept out of ui/package.json because the registry this project
# reaches holds only the Linux builds of its platform packages, and a lockfile naming them
# for every platform is what `npm ci` insists on. Nothing is downloaded while bundling.
tauri_cli_version=2.12.4
tauri_cli=target/tauri-cli
tauri() { (cd src-tauri && "../$tauri_cli/node_modules/.bin/tauri" "$@"); }
if [ "$(tauri --version 2>/dev/null)" != "tauri-cli $tauri_cli_version" ]; then
  step "Installing Tauri's bundler (@tauri-apps/cli $tauri_cli_version from npm)"
  mkdir -p "$tauri_cli"
  npm install --prefix "$tauri_cli" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "@tauri-apps/cli@$tauri_cli_version"
fi
echo "==> Bundler: $(tauri --version)"

# The front end, unless ui/dist is already newer than every source of it (scripts/test.sh has
# just built it): a new ui/dist makes cargo rebuild the app, whose release link is the slow part.
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/package-lock.json ui/vite.config.ts ui/bundled-licences.mjs -newer ui/dist/index.html -print -quit)" ]; then
  step "Building the front end"
  [ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  (cd ui && npm run build --silent)
fi

# One release build of both binaries (root Cargo.toml's [profile.release]); the bundler then
# packs them without building again (`tauri bundle`, not `tauri build`).
step "Building the app and clubroom-cli (release)"
./scripts/build-release.sh

# Manual pages: clubroom's is written by hand (it takes no options); clubroom-cli's is made
# from its own --help by help2man, so it always matches. Dated by the last commit, so the same
# sources give the same page.
step "Writing the manual pages and the changelog"
if ! command -v help2man >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends help2man >/dev/null
fi
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
mkdir -p target/release/packaging
gzip -9n <packaging/deb/clubroom.1 >target/release/packaging/clubroom.1.gz
help2man --no-info --name "Clubroom from the command line" target/release/clubroom-cli \
  | gzip -9n >target/release/packaging/clubroom-cli.1.gz
# Debian wants the changelog compressed, in /usr/share/doc/clubroom (tauri's own changelog
# setting would put it under the product name, /usr/share/doc/Clubroom).
gzip -9n <packaging/deb/changelog >target/release/packaging/changelog.gz

step "Packing the .deb"
rm -rf target/release/bundle/deb
tauri bundle --bundles deb

deb=$(ls target/release/bundle/deb/*.deb)
# Tauri's bundler compresses with gzip (18.6 MiB); the same files repacked with xz, as Debian's
# own packages are, make 8.7 MiB, under the 15 MB the issue allows. Same contents, owners and
# md5sums; only the compression changes.
step "Recompressing the .deb with xz"
repack=$(mktemp -d)
dpkg-deb -R "$deb" "$repack/root"
dpkg-deb -Zxz -z9 --root-owner-group -b "$repack/root" "$deb" >/dev/null
rm -rf "$repack"
size=$(stat -c %s "$deb")
echo "==> Built $deb: $(( size / 1024 )) KiB ($(awk "BEGIN { printf \"%.1f\", $size / 1048576 }") MiB) in $(( SECONDS - started )) s"
