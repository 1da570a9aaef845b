#!/usr/bin/env bash
# Fails unless the git tag (v0.X.Y, e.g. GITHUB_REF_NAME) names the version in Directory.Build.props.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tag=${1:?usage: containers/check-release-tag.sh v0.X.Y}
version=$(diracx_version)
[[ $tag =~ ^v0\.[0-9]+\.[0-9]+$ ]] || die "tag '$tag' is not v0.X.Y"
[ "$tag" = "v$version" ] || die "tag $tag differs from the version $version in Directory.Build.props"
echo "tag $tag matches version $version"
