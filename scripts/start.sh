#!/usr/bin/env bash
# Sets up (if needed), builds and starts the Clubroom desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
echo "==> Building the front end"
(cd ui && npm run build --silent)
echo "==> Building and starting Clubroom"
exec cargo run --release --features custom-protocol -p clubroom-app --bin clubroom
