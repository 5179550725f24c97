#!/usr/bin/env bash
# Vendor YASGUI (the SPARQL editor and result viewer of the query page) into api/static/vendor/yasgui/.
#
# Why vendored: the page must work offline and never load code from a CDN at run
# time, so the built files ship inside the Python package. This script fetches the
# pinned release from the npm registry, refuses it unless its tarball matches the
# pinned integrity hash, and copies the files the page loads. The copies are
# byte-identical to the tarball, so anyone can re-run this script and diff.
#
# To upgrade: set VERSION, set INTEGRITY to `npm view @zazuko/yasgui@VERSION dist.integrity`,
# run this script, load / in a browser, run tests/test_api_ui.py, commit the result.
set -euo pipefail

PACKAGE="@zazuko/yasgui"
VERSION="4.6.2"
INTEGRITY="sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="
FILES=(build/yasgui.min.js build/yasgui.min.css package.json)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/api/static/vendor/yasgui"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$work" && npm pack --silent "$PACKAGE@$VERSION")"
actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
if [[ "$actual" != "$INTEGRITY" ]]; then
    echo "integrity mismatch for $PACKAGE@$VERSION: expected $INTEGRITY, got $actual" >&2
    exit 1
fi
tar -xzf "$work/$tarball" -C "$work"

rm -rf "$dest"
mkdir -p "$dest"
for f in "${FILES[@]}"; do
    cp "$work/package/$f" "$dest/$(basename "$f")"
done
printf '%s@%s %s\n' "$PACKAGE" "$VERSION" "$INTEGRITY" > "$dest/VERSION"
echo "vendored $PACKAGE@$VERSION into ${dest#"$root"/}"
