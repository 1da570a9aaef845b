#!/usr/bin/env bash
# Builds Gubbins' images on DiracX's release images of the version Gubbins is built against (Directory.Build.props'
# DiracXVersion), without a Docker daemon (buildah, vfs storage, chroot isolation; nothing runs inside the build):
#
#   gubbins/services:<v>  FROM diracx/services:<v>   the routers and the migration service load Gubbins
#   gubbins/tasks:<v>     FROM diracx/tasks:<v>      the tasks host loads Gubbins
#   gubbins/client:<v>    FROM diracx/client:<v>     dirac has `dirac lollygag`
#
# each adding the published extension folder at /extension and DIRACX_EXTENSIONS=/extension.
#
#   containers/build.sh [--extension DIR]
#
#   --extension DIR          an already published extension folder (default: dotnet publish of Gubbins.Routers,
#                            Gubbins.Tasks and Gubbins.Cli, -c $GUBBINS_CONFIGURATION, default Release)
#   DIRACX_IMAGE_REGISTRY    where DiracX's images are (default ghcr.io/diracgrid)
#   GUBBINS_IMAGE_REGISTRY   where to push Gubbins' images (unset: they stay in local storage as localhost/gubbins/*,
#                            where podman finds them); the caller is logged in (buildah login)
#   IMAGE_TLS_VERIFY         false for a plain-HTTP registry on loopback (default true)
# Prints the three image names on stdout. An extension copies this folder and changes `name` and `projects`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
name=gubbins
projects=(Gubbins.Routers Gubbins.Tasks Gubbins.Cli)

log() { printf '[%s images %s] %s\n' "$name" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
command -v buildah >/dev/null || die "buildah is missing (apt-get install buildah)"

# Daemon-less defaults (buildah reads these variables); a caller's own settings win.
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs} BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
source_registry=${DIRACX_IMAGE_REGISTRY:-ghcr.io/diracgrid}
target_registry=${GUBBINS_IMAGE_REGISTRY:-localhost}
tls_verify=${IMAGE_TLS_VERIFY:-true}
version=$(sed -n 's:.*<DiracXVersion[^>]*>\(.*\)</DiracXVersion>.*:\1:p' "$root/Directory.Build.props" | head -1)
[ -n "$version" ] || die "no DiracXVersion in $root/Directory.Build.props"

extension=
[ "${1:-}" = --extension ] && extension=$(cd "${2:?--extension needs a folder}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/extension"
if [ -n "$extension" ]; then
  cp -a "$extension/." "$work/extension/"
else
  configuration=${GUBBINS_CONFIGURATION:-Release}
  for project in "${projects[@]}"; do
    log "dotnet publish $project -c $configuration"
    dotnet publish "$root/src/$project/$project.csproj" -c "$configuration" -o "$work/extension" -nologo -v q -clp:ErrorsOnly \
      || die "dotnet publish $project failed"
  done
fi
[ -n "$(ls "$work/extension"/*.dll 2>/dev/null)" ] || die "the extension folder holds no assembly"
# The images run as a non-root user: everything readable, owned by root (COPY --chown=0:0).
chmod -R a+rX,go-w "$work/extension"
cp "$here/Containerfile" "$work/"

rev=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
for image in services tasks client; do
  started=$(date +%s)
  from="$source_registry/diracx/$image:$version"
  tag="$target_registry/$name/$image:$version"
  buildah bud --quiet --pull=missing --tls-verify="$tls_verify" --layers=false \
    --build-arg "DIRACX_IMAGE=$from" \
    --label "org.opencontainers.image.title=$name/$image" \
    --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.revision=$rev" \
    --label "org.opencontainers.image.base.name=$from" \
    -f "$work/Containerfile" -t "$tag" "$work" >/dev/null || die "buildah bud $tag (FROM $from) failed"
  if [ -n "${GUBBINS_IMAGE_REGISTRY:-}" ]; then
    buildah push --quiet --tls-verify="$tls_verify" "$tag" "docker://$tag" || die "buildah push $tag failed"
  fi
  log "$tag built on $from in $(( $(date +%s) - started ))s"
  echo "$tag"
done
