#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image, from
# /autograder/source: the autograder zip unpacked (make_autograder.sh builds
# the zip). It installs Rust, builds the checker, and compiles the
# assignment's chapter once, so a student's submission builds in seconds.
set -euo pipefail
root="${AUTOGRADER:-/autograder}"
cd "$root/source"
# shellcheck disable=SC1091
. ./autograder.env
if ! command -v cc >/dev/null || ! command -v curl >/dev/null; then
  apt-get update -q
  apt-get install -y -q build-essential curl ca-certificates
fi
if ! command -v cargo >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
# shellcheck disable=SC1091
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
# rust-toolchain.toml pins the compiler; this installs it.
cargo build --release -p checker
# Warm the dependency cache with the assignment's solution, built as a
# submission is.
./target/release/checker chapter "$CHAPTER" --path "solutions/$(cd solutions && ls -d "$(printf '%02d' "$CHAPTER")"-* | head -n 1)" \
  --format json >/dev/null || true
