#!/usr/bin/env bash
# Capacity over a real sshd on 127.0.0.1 (root; OpenSSH and `script` installed):
#   deploy/ssh-load.sh [--sessions 200] [--minutes 5] [--json]
# Builds steady in release mode, then runs steady-ssh-load (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin steady --bin steady-ssh-load
exec ./target/release/steady-ssh-load "$@"
