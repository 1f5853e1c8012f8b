#!/usr/bin/env bash
# Build the pinned front-end assets from the npm registry into static/.
#   - GOV.UK Frontend's Sass, compiled with our settings (Arial, not the GOV.UK-only typeface, which a
#     council service must not use) into static/css/panelrecords.min.css;
#   - GOV.UK Frontend's JavaScript (an ES module) into static/vendor/govuk-frontend/;
#   - axe-core, which the browser tests inject to check accessibility, into static/vendor/axe-core/.
# Run it after changing a version below or static/src/*.scss, and commit what it writes.
set -euo pipefail
GOVUK_FRONTEND_VERSION=6.3.0   # the release govuk-frontend-jinja 4.1 is tested against
SASS_VERSION=1.108.2
AXE_CORE_VERSION=4.11.0

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null 2>&1
npm install --silent --no-audit --no-fund --ignore-scripts \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "sass@${SASS_VERSION}" "axe-core@${AXE_CORE_VERSION}" >/dev/null 2>&1

mkdir -p "$root/static/css"
npx --no-install sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
  "$root/static/src/panelrecords.scss" "$root/static/css/panelrecords.min.css"

dest="$root/static/vendor"
rm -rf "$dest"
mkdir -p "$dest/govuk-frontend" "$dest/axe-core"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$dest/govuk-frontend/"
cp node_modules/axe-core/axe.min.js "$dest/axe-core/"
cp node_modules/axe-core/LICENSE "$dest/axe-core/LICENSE"
printf 'govuk-frontend %s (MIT)\nsass %s (MIT, build only)\naxe-core %s (MPL-2.0)\n' \
  "$GOVUK_FRONTEND_VERSION" "$SASS_VERSION" "$AXE_CORE_VERSION" > "$dest/VERSIONS"
echo "front-end assets built:"; cat "$dest/VERSIONS"
