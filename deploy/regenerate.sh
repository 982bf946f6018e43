#!/bin/sh
# Writes the manual page and shell completions the Debian package installs, from the
# current command-line definitions (a test fails while they differ from what steady prints).
set -eu
cd "$(dirname "$0")/.."
cargo build -q --bin steady
steady=target/debug/steady
"$steady" man > deploy/man/steady.1
"$steady" completions bash > deploy/completions/steady.bash
"$steady" completions zsh > deploy/completions/_steady
"$steady" completions fish > deploy/completions/steady.fish
