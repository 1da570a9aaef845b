#!/usr/bin/env bash
# Creates the Secrets the overlay expects on an empty cluster (docs/deploy.md), as DiracX's chart does at install:
#   diracx-keystore  jwks.json: one Ed25519 signing key, made by the services image's own `keys rotate`
#   diracx-secrets   DIRACX_SERVICE_AUTH_STATE_KEY (32 random bytes, urlsafe base64), DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY
#                    (when LEGACY_EXCHANGE_HASHED_API_KEY is set), and the S3 credentials from S3_ACCESS_KEY_ID /
#                    S3_SECRET_ACCESS_KEY in the environment
#   diracx-infra     the services' connection strings (ConnectionStrings__diracx, ConnectionStrings__redis) and the
#                    PostgreSQL and Redis containers' passwords (POSTGRES_PASSWORD, REDIS_PASSWORD): the overlay takes
#                    them out of aspirate's ConfigMaps. The passwords are POSTGRES_PASSWORD / REDIS_PASSWORD from the
#                    environment, else those of a deployment made before (its ConfigMaps postgres-env / redis-env: a
#                    PostgreSQL data folder keeps the password it was initialised with), else random. With managed
#                    services (Infra:Mode=external), give DB_CONNECTION_STRING (and REDIS_CONNECTION_STRING) instead.
# Usage: S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=... deploy/kubernetes/create-secrets.sh [namespace] [services image]
# Nothing is printed or written outside a temporary folder that is removed; existing Secrets are left alone.
set -euo pipefail
ns=${1:-diracx}
image=${2:-ghcr.io/diracgrid/diracx/services:$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$(dirname "$0")/../../Directory.Build.props")}
: "${S3_ACCESS_KEY_ID:?set S3_ACCESS_KEY_ID}" "${S3_SECRET_ACCESS_KEY:?set S3_SECRET_ACCESS_KEY}"
engine=$(command -v podman || command -v docker) || { echo "podman or docker is needed to run $image" >&2; exit 1; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT && chmod 0777 "$tmp"

kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
if ! kubectl -n "$ns" get secret diracx-keystore >/dev/null 2>&1; then
  "$engine" run --rm -v "$tmp:/keystore" "$image" dotnet /app/DiracX.Routers.dll keys rotate --jwks-path /keystore/jwks.json >/dev/null
  kubectl -n "$ns" create secret generic diracx-keystore --from-file=jwks.json="$tmp/jwks.json"
fi
if ! kubectl -n "$ns" get secret diracx-secrets >/dev/null 2>&1; then
  args=(--from-literal=DIRACX_SERVICE_AUTH_STATE_KEY="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')"
        --from-literal=DiracX__SandboxStore__S3ClientKwargs__aws_access_key_id="$S3_ACCESS_KEY_ID"
        --from-literal=DiracX__SandboxStore__S3ClientKwargs__aws_secret_access_key="$S3_SECRET_ACCESS_KEY")
  [ -n "${LEGACY_EXCHANGE_HASHED_API_KEY:-}" ] \
    && args+=(--from-literal=DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY="$LEGACY_EXCHANGE_HASHED_API_KEY")
  kubectl -n "$ns" create secret generic diracx-secrets "${args[@]}"
fi
if ! kubectl -n "$ns" get secret diracx-infra >/dev/null 2>&1; then
  # Values go through files in a folder of our own (the one above is open to the container), not the command line,
  # where other users of the machine could read them.
  private=$(mktemp -d -p "$tmp")
  value() { printf '%s' "$2" >"$private/$1" && echo "--from-file=$1=$private/$1"; }
  random_password() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }
  if [ -n "${DB_CONNECTION_STRING:-}" ]; then
    args=("$(value ConnectionStrings__diracx "$DB_CONNECTION_STRING")")
    [ -n "${REDIS_CONNECTION_STRING:-}" ] && args+=("$(value ConnectionStrings__redis "$REDIS_CONNECTION_STRING")")
  else
    pg=${POSTGRES_PASSWORD:-$(kubectl -n "$ns" get configmap postgres-env -o 'jsonpath={.data.POSTGRES_PASSWORD}' 2>/dev/null || true)}
    redis=${REDIS_PASSWORD:-$(kubectl -n "$ns" get configmap redis-env -o 'jsonpath={.data.REDIS_PASSWORD}' 2>/dev/null || true)}
    pg=${pg:-$(random_password)}
    redis=${redis:-$(random_password)}
    for p in "$pg" "$redis"; do
      case "$p" in *[\;,\"\']*) echo "a PostgreSQL or Redis password may not hold ; , \" or ' (it goes into a connection string)" >&2; exit 1 ;; esac
    done
    args=("$(value POSTGRES_PASSWORD "$pg")" "$(value REDIS_PASSWORD "$redis")"
          "$(value ConnectionStrings__diracx "Host=postgres;Port=5432;Username=postgres;Password=$pg;Database=diracx")"
          "$(value ConnectionStrings__redis "redis:6379,password=$redis")")
  fi
  kubectl -n "$ns" create secret generic diracx-infra "${args[@]}"
fi
