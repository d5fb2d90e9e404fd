#!/usr/bin/env bash
# Builds autograder.zip for Gradescope's "Zip file upload" autograder.
#
#   bash graders/gradescope/make_autograder.sh CHAPTER [--extra FILE] [--seed N] [--out ZIP]
#                                               [--allow-uncommitted]
#
# Gradescope unpacks the zip into /autograder/source, so the zip's top level
# is what lands there: the workbook as committed (git archive HEAD), and
# beside it setup.sh, run_autograder, autograder.env (the chapter, and the
# seed that every submission of the assignment gets) and, with --extra, your
# instructor checks as extra.json. Students never see the zip: keep the
# checks file outside the students' repository (committed there, students
# can read it). Uncommitted changes to the workbook are NOT in the zip; the
# script refuses to build while there are any (commit or stash them first,
# or pass --allow-uncommitted to leave them out knowingly), so nothing is
# silently left out.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
usage() { echo "usage: make_autograder.sh CHAPTER [--extra FILE] [--seed N] [--out ZIP] [--allow-uncommitted]" >&2; exit 2; }
[ $# -ge 1 ] || usage
chapter="$1"; shift
extra=""; seed=""; out="$PWD/autograder.zip"; allow=""
while [ $# -gt 0 ]; do
  case "$1" in
    --extra) extra="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --allow-uncommitted) allow=1; shift ;;
    *) usage ;;
  esac
done
case "$chapter" in ''|*[!0-9]*) echo "CHAPTER must be a number, not '$chapter'" >&2; exit 2 ;; esac
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "the workbook has uncommitted changes, and the zip holds only what is committed:" >&2
  git status --short --untracked-files=no >&2
  if [ -z "$allow" ]; then
    echo "commit or stash them, then run this again (or pass --allow-uncommitted to leave them out)" >&2
    exit 2
  fi
  echo "--allow-uncommitted: building from the last commit without them" >&2
fi
if [ -z "$seed" ]; then
  seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fi
case "$seed" in ''|*[!0-9]*) echo "--seed takes a whole number, not '$seed'" >&2; exit 2 ;; esac
if [ -n "$extra" ]; then
  [ -f "$extra" ] || { echo "--extra $extra: no such file" >&2; exit 2; }
  if git ls-files --error-unmatch "$extra" >/dev/null 2>&1; then
    echo "warning: $extra is committed to this repository; students who get it can read your hidden checks" >&2
  fi
  # The reference solution must pass every instructor check: a check it
  # fails is wrong. This also rejects a file the checker cannot read.
  if ! cargo run --quiet -p checker -- chapter "$chapter" --solution --extra "$extra" \
      --seed "$seed" --format json >/dev/null; then
    echo "--extra $extra: the reference solution does not pass these checks (see above); fix them first" >&2
    exit 2
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive --format=tar HEAD | tar -x -C "$work"
cp graders/gradescope/setup.sh graders/gradescope/run_autograder "$work/"
chmod +x "$work/setup.sh" "$work/run_autograder"
printf 'CHAPTER=%s\nSEED=%s\n' "$((10#$chapter))" "$seed" > "$work/autograder.env"
if [ -n "$extra" ]; then
  cp "$extra" "$work/extra.json"
fi
rm -f "$out"
(cd "$work" && zip -q -r "$out" .)
echo "wrote $out (chapter $chapter, seed $seed${extra:+, instructor checks from $extra})"
