#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image. The
# autograder zip holds this workbook at /autograder/source (make_autograder.sh
# builds the zip). It installs Rust, builds the checker, and compiles the
# chapters' dependencies once, so a student's submission builds in seconds.
set -euo pipefail
apt-get update -q
apt-get install -y -q build-essential curl ca-certificates git
if ! command -v cargo >/dev/null; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
# shellcheck disable=SC1091
source "$HOME/.cargo/env"
cd /autograder/source
# rust-toolchain.toml pins the compiler; this installs it.
cargo build --release -p checker
# Warm the dependency cache: every chapter's solution, built as a grading build is.
for solution in solutions/*/; do
  number=$(basename "$solution" | cut -d- -f1)
  ./target/release/checker chapter "$number" --solution --format json >/dev/null || true
done
