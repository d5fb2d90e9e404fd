#!/usr/bin/env bash
# Builds autograder.zip for Gradescope's "Zip file upload" autograder:
# setup.sh and run_autograder at the top, the workbook (as committed) in source/.
#   bash graders/gradescope/make_autograder.sh [CHAPTER]   → autograder.zip
set -euo pipefail
cd "$(dirname "$0")/../.."
chapter="${1:-1}"
work=$(mktemp -d)
git archive --format=tar --prefix=source/ HEAD | tar -x -C "$work"
cp graders/gradescope/setup.sh "$work/setup.sh"
sed "s/^CHAPTER=.*/CHAPTER=\"\${CHAPTER:-$chapter}\"/" graders/gradescope/run_autograder > "$work/run_autograder"
chmod +x "$work/setup.sh" "$work/run_autograder"
(cd "$work" && zip -q -r autograder.zip setup.sh run_autograder source)
mv "$work/autograder.zip" .
rm -rf "$work"
echo "wrote autograder.zip (chapter $chapter)"
