#!/usr/bin/env bash
# Gubbins' CI: packs DiracX into the local feed, builds Gubbins against those packages, publishes the extension folder
# that DIRACX_EXTENSIONS names, and runs Gubbins' tests (which start DiracX's hosts with Gubbins loaded). DiracX's hosts
# must be built (the repository's Debug build, as `dotnet test DiracX.sln` leaves it, or DIRACX_HOSTS_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ "${SKIP_PACK:-}" = "1" ] || ./pack-diracx.sh
rm -rf artifacts/extension
for project in Gubbins.Routers Gubbins.Tasks Gubbins.Cli; do
  dotnet publish "src/$project/$project.csproj" -c Debug -o artifacts/extension -nologo -v q -clp:ErrorsOnly
done
# `dotnet test DiracX.sln` builds the routers, tasks host and migration service (test projects reference them) but not
# the `dirac` tool, which no DiracX test project references: build it (incremental, quick when it is up to date).
[ -n "${DIRACX_HOSTS_DIR:-}" ] || dotnet build "$here/../../DiracX.Cli.Tool/DiracX.Cli.Tool.csproj" -c Debug -nologo -v q -clp:ErrorsOnly
dotnet test tests/Gubbins.Tests -nologo "$@"
