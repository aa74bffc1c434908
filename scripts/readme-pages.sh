#!/usr/bin/env bash
# Render two pages of the sample PDF as pictures for the README (needs poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=$(mktemp --suffix=.pdf)
cargo run --release --quiet -- generate input-samples/tunliu-zuzhibu-2023 -o "$pdf" >/dev/null
for page in ${PAGES:-4 16}; do
  pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$pdf" "docs/sample-page-$page"
done
rm -f "$pdf"
ls docs/sample-page-*.png
