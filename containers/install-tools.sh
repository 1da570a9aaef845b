#!/usr/bin/env bash
# Installs the daemonless image tools from Debian 12 when missing (idempotent; docs/images.md).
set -euo pipefail
pkgs=(docker-registry skopeo buildah podman debootstrap runc crun fuse-overlayfs slirp4netns uidmap
      containernetworking-plugins tini git curl python3)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi
command -v kubectl >/dev/null || echo "kubectl is missing: the overlay check (deploy/kubernetes/test.sh) needs it" >&2
