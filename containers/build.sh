#!/usr/bin/env bash
# Builds DiracX's image chain without a Docker daemon (docs/images.md).
#
#   containers/build.sh bases [--rebuild]      diracx/base, services-base, tasks-base, client-base, tagged
#                                              YYYY.MM.DD.P (UTC date, P = 0,1,... for that day) and :latest; reused
#                                              when a base chain with the same input hash exists (--rebuild: new
#                                              debootstrap root file system and new tag, as the weekly rebuild does)
#   containers/build.sh release [--base-tag T] diracx/services (routers + migration service), diracx/tasks and
#                                              diracx/client, tagged with Directory.Build.props' version, on the
#                                              bases tagged T (default: the pinned containers/base-tag)
#   containers/build.sh test                   bases (reused when unchanged), then the release images on them
#                                              (test images use the latest bases), from the Debug build unless
#                                              DIRACX_IMAGE_CONFIGURATION=Release
#
# Registry: a docker-registry on 127.0.0.1:${DIRACX_REGISTRY_PORT:-5123} (started and stopped here, blobs in the
# cache), or DIRACX_IMAGE_REGISTRY (e.g. ghcr.io/diracgrid, already logged in). Cache: DIRACX_IMAGES_CACHE
# (default ~/.cache/diracx-images). Prints the base tag used on stdout (last line).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

debian_suite=bookworm
debian_mirror=${DIRACX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
bases=(base services-base tasks-base client-base)

dotnet_root() { dirname "$(readlink -f "$(command -v dotnet)")"; }
# The newest installed 10.0 runtime of a framework (Microsoft.NETCore.App or Microsoft.AspNetCore.App).
runtime_version() { ls "$(dotnet_root)/shared/$1" | grep '^10\.0\.' | sort -V | tail -1; }

# The debootstrap minbase root file system, as a tar in the cache (made once; --rebuild makes a new one).
rootfs_tar() {
  local tar="$cache/rootfs/$debian_suite-minbase.tar"
  if [ ! -f "$tar" ] || [ "${1:-}" = fresh ]; then
    need_tools debootstrap
    local dir="$cache/rootfs/$debian_suite-minbase.tmp"
    rm -rf "$dir"
    log "debootstrap --variant=minbase $debian_suite (about 30 s to a few minutes, network bound)"
    debootstrap --variant=minbase "$debian_suite" "$dir" "$debian_mirror" >"$cache/rootfs/debootstrap.log" 2>&1 \
      || die "debootstrap failed (see $cache/rootfs/debootstrap.log)"
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar --numeric-owner -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$dir"
  fi
  echo "$tar"
}

# The .NET runtime for a base's build context: the machine's dotnet host, hostfxr and the named shared frameworks.
runtime_context() {
  local ctx=$1; shift
  local root; root=$(dotnet_root)
  rm -rf "$ctx/dotnet" && mkdir -p "$ctx/dotnet/shared"
  cp -a "$root/dotnet" "$root/host" "$ctx/dotnet/"
  cp -a "$root"/LICENSE.txt "$root"/ThirdPartyNotices.txt "$ctx/dotnet/" 2>/dev/null || true
  for fw in "$@"; do
    mkdir -p "$ctx/dotnet/shared/$fw"
    cp -a "$root/shared/$fw/$(runtime_version "$fw")" "$ctx/dotnet/shared/$fw/"
  done
}

# Content hash of everything the bases are made of: the Containerfiles, the Debian suite, the root file system
# (its sha256: a rebuilt one is a new chain) and the runtime versions copied in.
inputs_hash() {
  local tar=$1
  {
    for b in "${bases[@]}"; do echo "== $b"; cat "$containers_dir/$b/Containerfile"; done
    echo "suite=$debian_suite"
    echo "rootfs=$(sha256sum "$tar" | cut -d' ' -f1)"
    echo "netcore=$(runtime_version Microsoft.NETCore.App) aspnetcore=$(runtime_version Microsoft.AspNetCore.App)"
  } | sha256sum | cut -c1-16
}

next_tag() {
  local day; day=$(date -u +%Y.%m.%d)
  local p=0
  while registry_tags diracx/base | grep -qxF "$day.$p"; do p=$((p + 1)); done
  echo "$day.$p"
}

build_bases() {
  local rebuild=${1:-false}
  need_tools buildah skopeo
  local tar; tar=$(rootfs_tar "$($rebuild && echo fresh)")
  local hash; hash=$(inputs_hash "$tar")
  local index="$cache/bases/$hash"
  if ! $rebuild && [ -f "$index" ]; then
    local tag; tag=$(cat "$index")
    if image_exists "diracx/client-base:$tag" && image_exists "diracx/services-base:$tag" && image_exists "diracx/tasks-base:$tag"; then
      log "bases unchanged (inputs $hash): reusing $tag"
      echo "$tag" >"$cache/latest-base-tag"
      echo "$tag"
      return 0
    fi
  fi
  local tag; tag=$(next_tag)
  local rev; rev=$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || echo unknown)
  log "building the bases $tag (inputs $hash)"
  local work="$cache/work/bases"
  rm -rf "$work" && mkdir -p "$work"
  for b in "${bases[@]}"; do
    local ctx="$work/$b"
    mkdir -p "$ctx"
    case $b in
      base) ln "$tar" "$ctx/rootfs.tar" 2>/dev/null || cp "$tar" "$ctx/rootfs.tar" ;;
      # The tasks host is a generic host, but ServiceDefaults (health, telemetry) needs ASP.NET Core's framework too.
      services-base|tasks-base) runtime_context "$ctx" Microsoft.NETCore.App Microsoft.AspNetCore.App ;;
      *) runtime_context "$ctx" Microsoft.NETCore.App ;;
    esac
    local started; started=$(date +%s)
    bah bud --isolation chroot --tls-verify=$tls_verify --quiet \
      --build-arg "BASE=$registry/diracx/base:$tag" \
      --label "org.opencontainers.image.title=diracx/$b" \
      --label "org.opencontainers.image.version=$tag" \
      --label "org.opencontainers.image.source=https://github.com/DIRACGrid/diracx" \
      --label "org.opencontainers.image.revision=$rev" \
      --label "org.diracx.image.base-tag=$tag" \
      --label "org.diracx.image.inputs-hash=$hash" \
      -f "$containers_dir/$b/Containerfile" -t "$registry/diracx/$b:$tag" "$ctx" >/dev/null
    bah push --quiet --tls-verify=$tls_verify "$registry/diracx/$b:$tag" "docker://$registry/diracx/$b:$tag"
    bah push --quiet --tls-verify=$tls_verify "$registry/diracx/$b:$tag" "docker://$registry/diracx/$b:latest"
    log "diracx/$b:$tag built and pushed in $(( $(date +%s) - started ))s"
    [ "$b" = base ] || rm -rf "$ctx/dotnet"
  done
  rm -rf "$work"
  echo "$tag" >"$index"
  echo "$tag" >"$cache/latest-base-tag"
  echo "$tag"
}

build_release() {
  local tag=$1
  # Release images are Release builds; the test tier publishes the Debug build that `dotnet test` has just made (the
  # image mechanics under test are the same, and a cold Release build would cost the tier several minutes).
  local configuration=${2:-Release}
  local version; version=$(diracx_version)
  local rev; rev=$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || echo unknown)
  need_tools dotnet
  for b in services-base tasks-base client-base; do
    image_exists "diracx/$b:$tag" || die "diracx/$b:$tag is not in $registry (build the bases, or fix containers/base-tag)"
  done
  export DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  for project in DiracX.Routers DiracX.Tasks DiracX.Cli.Tool; do
    local started; started=$(date +%s)
    log "dotnet publish $project -c $configuration -t:PublishContainer (base tag $tag, version $version)"
    # Sequential on purpose: the machine is shared; each publish uses what the previous one built.
    dotnet publish "$repo_root/$project/$project.csproj" -c "$configuration" -t:PublishContainer -nologo -v q \
      -p:DiracXImageRegistry="$registry" -p:DiracXBaseTag="$tag" -p:ContainerRegistry="$registry" \
      -p:SourceRevisionId="$rev" >"$cache/publish-$project.log" 2>&1 \
      || { tail -30 "$cache/publish-$project.log" >&2; die "dotnet publish $project failed (log: $cache/publish-$project.log)"; }
    log "$project: $(grep -o "Pushed image '[^']*'.*" "$cache/publish-$project.log" | head -1) in $(( $(date +%s) - started ))s"
  done
  echo "$tag"
}

cmd=${1:-}
shift || true
start_registry
trap stop_registry EXIT
case $cmd in
  bases)
    rebuild=false
    [ "${1:-}" = --rebuild ] && rebuild=true
    build_bases $rebuild | tail -1
    ;;
  release)
    tag=$(tr -d '[:space:]' <"$containers_dir/base-tag")
    [ "${1:-}" = --base-tag ] && tag=$2
    build_release "$tag" | tail -1
    ;;
  test)
    tag=$(build_bases false | tail -1)
    build_release "$tag" "${DIRACX_IMAGE_CONFIGURATION:-Debug}" | tail -1
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
