# Shared settings of the containers/ scripts (sourced, not run). No Docker daemon: buildah (vfs storage, chroot
# isolation), podman (runc, lowered ulimits: see docs/images.md) and a local docker-registry on loopback.
# Everything they write lives under DIRACX_IMAGES_CACHE (default ~/.cache/diracx-images), outside the repository.

containers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$containers_dir/.." && pwd)
cache=${DIRACX_IMAGES_CACHE:-$HOME/.cache/diracx-images}
mkdir -p "$cache"/{containers,bases,rootfs,work,registry}

# The registry that holds the chain. Default: a docker-registry on 127.0.0.1 started by start_registry, storing its
# blobs in the cache (so bases survive between runs). Set DIRACX_IMAGE_REGISTRY (e.g. ghcr.io/diracgrid) to push
# elsewhere; the caller is then logged in (buildah login / dotnet's SDK reads the same auth file).
registry_port=${DIRACX_REGISTRY_PORT:-5123}
registry=${DIRACX_IMAGE_REGISTRY:-127.0.0.1:$registry_port}
local_registry=false
[ -z "${DIRACX_IMAGE_REGISTRY:-}" ] && local_registry=true
tls_verify=true
$local_registry && tls_verify=false

# containers/storage and containers.conf for buildah and podman (both read these variables).
cat >"$cache/containers/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$cache/containers/run"
graphroot = "$cache/containers/storage"
EOF
cat >"$cache/containers/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_STORAGE_CONF="$cache/containers/storage.conf"
export CONTAINERS_CONF="$cache/containers/containers.conf"
export BUILDAH_ISOLATION=chroot
export STORAGE_DRIVER=vfs

log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

need_tools() {
  local missing=()
  for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (run containers/install-tools.sh)"
}

registry_pid=
start_registry() {
  $local_registry || return 0
  if curl -fsS "http://$registry/v2/" >/dev/null 2>&1; then
    log "registry already answering on $registry (reused)"
    return 0
  fi
  need_tools docker-registry
  cat >"$cache/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $cache/registry
  delete:
    enabled: true
http:
  addr: $registry
EOF
  docker-registry serve "$cache/registry.yml" >"$cache/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 50); do
    curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && { log "registry on $registry (pid $registry_pid)"; return 0; }
    sleep 0.1
  done
  die "docker-registry did not answer on $registry (see $cache/registry.log)"
}
stop_registry() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
    registry_pid=
    # Every build pushes new layers under the same release tags; the manifests they replace stay behind, untagged, with
    # their layers (~1.5 GB after a day of CI). Collected here, with the registry stopped, as the registry requires;
    # the tagged base chains and release images are kept.
    docker-registry garbage-collect --delete-untagged "$cache/registry.yml" >"$cache/registry-gc.log" 2>&1 \
      || log "registry garbage collection failed (see $cache/registry-gc.log); the images are unaffected"
  fi
}

bah() { buildah --storage-driver vfs "$@"; }

# The version of every assembly, package and image (Directory.Build.props).
diracx_version() { sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo_root/Directory.Build.props" | head -1; }

# Tags of a repository in the registry, one a line (empty when it does not exist).
registry_tags() {
  skopeo list-tags --tls-verify=$tls_verify "docker://$registry/$1" 2>/dev/null \
    | sed -n 's/^ *"\([^"]*\)",\{0,1\}$/\1/p' | grep -v '^Repository$' || true
}
image_exists() { skopeo inspect --raw --tls-verify=$tls_verify "docker://$registry/$1" >/dev/null 2>&1; }
