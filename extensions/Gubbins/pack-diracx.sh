#!/usr/bin/env bash
# Packs the DiracX packages an extension builds against into the folder feed ../../artifacts/feed (nuget.config's
# "diracx-local"), then forgets the previous packages of the same version in Gubbins' own package cache (.packages), so
# that the next restore takes these. CI runs it after building DiracX; a real extension uses a release's packages instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
feed="$root/artifacts/feed"
configuration=${CONFIGURATION:-Debug}
# NO_BUILD=1 packs what is already built (CI, after `dotnet test DiracX.sln` built every project in Debug).
build_flag=()
[ "${NO_BUILD:-}" = "1" ] && build_flag=(--no-build)
mkdir -p "$feed"
for project in DiracX.Core DiracX.Db DiracX.Logic DiracX.ServiceDefaults DiracX.Routers DiracX.Client DiracX.Api DiracX.Cli DiracX.DevIdp DiracX.Testing; do
  dotnet pack "$root/$project/$project.csproj" -c "$configuration" -o "$feed" "${build_flag[@]}" -nologo -v q -clp:ErrorsOnly
done
rm -rf "$here"/.packages/diracx.*
echo "packed DiracX into $feed"
