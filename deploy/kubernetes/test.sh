#!/usr/bin/env bash
# Renders the overlay with `kubectl kustomize` over the aspirate-shaped fixture (tests/fixtures/aspirate-output) and
# validates every object with kubernetes-models plus DiracX's own rules (validate.mjs). Run by containers/test-images.sh.
# DIRACX_OVERLAY_IMAGES=<prefix> (e.g. ghcr.io/lhcb/gubbins) renders it as for a manifest published with an extension's
# images (DiracX:Images:*): the fixture's routers, tasks and migrations run <prefix>/services|tasks (aspirate writes a
# container.v0 image as given), and the overlay maps the migrations Job's image with kustomize's `images:`, as
# docs/extensions.md tells an extension to.
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
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")
prefix=${DIRACX_OVERLAY_IMAGES:-ghcr.io/diracgrid/diracx}
if [ -n "${DIRACX_OVERLAY_IMAGES:-}" ]; then
  for service in routers:services migrations:services tasks:tasks; do
    sed -i -E "s|^( *image: ).*|\1$prefix/${service#*:}:$version|" "$tmp/overlay/aspirate-output/${service%%:*}/deployment.yaml"
  done
  printf 'images:\n  - name: ghcr.io/diracgrid/diracx/services\n    newName: %s/services\n' "$prefix" >>"$tmp/overlay/kustomization.yaml"
fi
kubectl kustomize "$tmp/overlay" >"$tmp/rendered.yaml"
node "$root/deploy/kubernetes/validate.mjs" "$tmp/rendered.yaml" "$version" "$prefix"
echo "overlay rendered and validated for $prefix images in $(( $(date +%s) - started ))s"
