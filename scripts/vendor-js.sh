#!/usr/bin/env bash
# Vendor the browser libraries of the query, timeline and map pages into api/static/vendor/NAME/.
#
# Why vendored: the pages must work offline and never load code or data from a CDN at run
# time, so the built files ship inside the Python package. This script fetches each pinned
# release from the npm registry, refuses it unless its tarball matches the pinned integrity
# hash, and copies the files the pages load with the package's licence (its LICENSE file, or
# its package.json where the licence is only declared there). The copies are byte-identical
# to the tarballs, so anyone can re-run this script and diff.
#
# - YASGUI: SPARQL editor and result tables of the query page (MIT).
# - Leaflet: the map (BSD-2-Clause).
# - world-atlas: the map's basemap, Natural Earth 1:50m country borders as TopoJSON (ISC;
#   Natural Earth data is in the public domain); topojson-client turns it into GeoJSON (ISC).
#
# To upgrade one: set its version and its integrity (`npm view NAME@VERSION dist.integrity`)
# below, run this script, load the pages in a browser, run tests/test_api_ui.py and
# tests/test_api_pictures.py, commit the result.
set -euo pipefail

# directory  package  version  integrity  files...
PACKAGES=(
  "yasgui @zazuko/yasgui 4.6.2 sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw== build/yasgui.min.js build/yasgui.min.css package.json"
  "leaflet leaflet 1.9.4 sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA== dist/leaflet.js dist/leaflet.css LICENSE package.json"
  "topojson-client topojson-client 3.1.0 sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw== dist/topojson-client.min.js LICENSE package.json"
  "world-atlas world-atlas 2.0.2 sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ== countries-50m.json LICENSE package.json"
)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for entry in "${PACKAGES[@]}"; do
    read -r name package version integrity files <<< "$entry"
    dest="$root/api/static/vendor/$name"
    rm -rf "$work/package"
    tarball="$(cd "$work" && npm pack --silent "$package@$version")"
    actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
    if [[ "$actual" != "$integrity" ]]; then
        echo "integrity mismatch for $package@$version: expected $integrity, got $actual" >&2
        exit 1
    fi
    tar -xzf "$work/$tarball" -C "$work"
    rm -rf "$dest"
    mkdir -p "$dest"
    for f in $files; do
        cp "$work/package/$f" "$dest/$(basename "$f")"
    done
    printf '%s@%s %s\n' "$package" "$version" "$integrity" > "$dest/VERSION"
    echo "vendored $package@$version into ${dest#"$root"/}"
done
