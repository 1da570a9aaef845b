#!/usr/bin/env bash
# Renders the overlay with `kubectl kustomize` over the aspirate-shaped fixture (tests/fixtures/aspirate-output) and
# validates every object with kubernetes-models plus DiracX's own rules (validate.mjs). Run by containers/test-images.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
started=$(date +%s)
command -v kubectl >/dev/null || { echo "kubectl is missing" >&2; exit 1; }
[ -d "$root/node_modules/kubernetes-models" ] || (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/overlay"
cp "$here"/*.yaml "$tmp/overlay/"
cp -r "$root/tests/fixtures/aspirate-output" "$tmp/overlay/aspirate-output"
kubectl kustomize "$tmp/overlay" >"$tmp/rendered.yaml"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")
node "$root/deploy/kubernetes/validate.mjs" "$tmp/rendered.yaml" "$version"
echo "overlay rendered and validated in $(( $(date +%s) - started ))s"
