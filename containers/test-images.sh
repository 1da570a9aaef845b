#!/usr/bin/env bash
# The image tier (.ci/run runs it every time): installs the tools, builds the chain (bases reused by their input
# hash), then runs the images with podman against a throwaway PostgreSQL and checks that
#   - the migration runs once from diracx/services and exits 0 (it creates the database `diracx`);
#   - diracx/services answers /api/health/ready with 200, as user 1654 with a read-only root file system, PID 1 tini;
#   - `podman stop -t 10` stops it with exit code 0 (tini forwards SIGTERM; the app drains and exits 0);
#   - `dirac --version` runs in diracx/client and prints the version of Directory.Build.props;
#   - the kustomize overlay renders over the aspirate-shaped fixture and validates (deploy/kubernetes/test.sh).
# Prints its time. Budget: 5 minutes with cached bases; the first run builds the bases from debootstrap (~5 min more).
set -euo pipefail
started=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-tools.sh"
source "$here/lib.sh"
version=$(diracx_version)

work=$(mktemp -d /tmp/diracx-images-test-XXXXXX)
chmod 755 "$work"
pg_pid_file=
containers=()
cleanup() {
  local rc=$?
  for c in "${containers[@]}"; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  if [ -n "$pg_pid_file" ] && [ -f "$pg_pid_file" ]; then
    kill "$(head -1 "$pg_pid_file")" 2>/dev/null || true
    sleep 1
  fi
  stop_registry
  rm -rf "$work"
  echo "image tier: $(( $(date +%s) - started ))s"
  exit $rc
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

start_registry

step_started=$(date +%s)
base_tag=$("$here/build.sh" test | tail -1)
echo "images built on bases $base_tag in $(( $(date +%s) - step_started ))s"

services="$registry/diracx/services:$version"
client="$registry/diracx/client:$version"
tasks="$registry/diracx/tasks:$version"
for image in "$services" "$client" "$tasks"; do
  podman pull -q --tls-verify=$tls_verify "$image" >/dev/null
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- a throwaway PostgreSQL on loopback (as the postgres user when root, like DiracX.Testing) ---
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pg_bin/initdb" ] || fail "PostgreSQL is not installed (.ci/install-deps installs postgresql-15)"
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
pg_port=$(free_port)
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mkdir -p "$work/pg" && printf '%s\n' "$pg_password" >"$work/pg/pw" && chown -R postgres:postgres "$work/pg" 2>/dev/null || true
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres --pwfile="$work/pg/pw" --auth=scram-sha-256 >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg" start >/dev/null
pg_pid_file="$work/pg/data/postmaster.pid"
conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=diracx"

run=(podman run --network host --read-only --cap-drop=ALL --security-opt no-new-privileges)

# --- the migration, once, from the services image (it creates the database) ---
step_started=$(date +%s)
"${run[@]}" --rm -e "ConnectionStrings__diracx=$conn" "$services" \
  dotnet /app/migrations/DiracX.MigrationService.dll >"$work/migrate.log" 2>&1 \
  || { tail -20 "$work/migrate.log"; fail "the migration exited non-zero"; }
echo "migration from $services: exit 0 in $(( $(date +%s) - step_started ))s"

# --- the keystore (the services image's admin command) and a config repository ---
mkdir -p "$work/keystore" && chmod 0777 "$work/keystore"
"${run[@]}" --rm -v "$work/keystore:/keystore" "$services" dotnet /app/DiracX.Routers.dll keys rotate --jwks-path /keystore/jwks.json \
  >/dev/null || fail "keys rotate failed in the services image"
[ -s "$work/keystore/jwks.json" ] || fail "keys rotate wrote no keystore"
mkdir -p "$work/config"
cat >"$work/config/default.yml" <<'EOF'
DIRAC: {}
Registry:
  lhcb:
    IdP:
      URL: "https://idp.example.invalid"
      ClientID: "diracx"
    Support:
      Email: "lhcb-support@example.org"
      Webpage: "https://lhcb.example.org"
      Message: "image test"
    DefaultGroup: lhcb_user
    Users: {}
    Groups:
      lhcb_user:
        Properties: [NormalUser]
        Users: []
Operations:
  Defaults: {}
EOF
git -C "$work/config" init -q -b master && git -C "$work/config" add default.yml \
  && git -C "$work/config" -c user.name=ci -c user.email=ci@example.invalid commit -qm config

# --- the routers from the services image ---
http_port=$(free_port)
name="diracx-images-test-services-$$"
containers+=("$name")
podman run -d --name "$name" --network host --read-only --cap-drop=ALL --security-opt no-new-privileges \
  -v "$work/keystore:/keystore:ro" -v "$work/config:/config:ro" \
  -e "ConnectionStrings__diracx=$conn" \
  -e "ASPNETCORE_HTTP_PORTS=$http_port" \
  -e "DIRACX_CONFIG_BACKEND_URL=git+file:///config" \
  -e "DIRACX_SERVICE_AUTH_TOKEN_ISSUER=http://127.0.0.1:$http_port" \
  -e "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE=file:///keystore/jwks.json" \
  -e "DIRACX_SERVICE_AUTH_STATE_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')" \
  -e "DIRACX_SERVICE_SANDBOXES_ENABLED=false" \
  "$services" >/dev/null
step_started=$(date +%s)
ready=
for _ in $(seq 1 120); do
  code=$(curl -s -o "$work/ready.json" -w '%{http_code}' "http://127.0.0.1:$http_port/api/health/ready" || true)
  [ "$code" = 200 ] && { ready=yes; break; }
  [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] || break
  sleep 0.5
done
if [ -z "$ready" ]; then
  podman logs "$name" 2>&1 | tail -30
  fail "the services image never answered /api/health/ready with 200 (last: ${code:-none} $(cat "$work/ready.json" 2>/dev/null))"
fi
echo "services image ready in $(( $(date +%s) - step_started ))s: $(cat "$work/ready.json")"
[ "$(podman exec "$name" id -u)" = 1654 ] || fail "the services container does not run as uid 1654"
pid1=$(podman exec "$name" cat /proc/1/cmdline | tr '\0' ' ')
case $pid1 in /usr/bin/tini*) ;; *) fail "PID 1 is '$pid1', not tini" ;; esac
if podman exec "$name" sh -c 'touch /app/x' 2>/dev/null; then fail "the root file system is writable"; fi
unreadable=$(podman exec "$name" find /app /usr/share/dotnet ! -perm -g+r -print -quit 2>/dev/null || true)
[ -z "$unreadable" ] || fail "not group-readable: $unreadable"

step_started=$(date +%s)
podman stop -t 10 "$name" >/dev/null
exit_code=$(podman inspect -f '{{.State.ExitCode}}' "$name")
[ "$exit_code" = 0 ] || { podman logs "$name" 2>&1 | tail -10; fail "podman stop -t 10: exit code $exit_code, not 0"; }
echo "podman stop -t 10: exit code 0 after $(( $(date +%s) - step_started ))s (ShutdownDelay 5 s in the image)"

# --- the client image ---
out=$("${run[@]}" --rm "$client" dirac --version 2>&1) || fail "dirac --version failed in the client image: $out"
case $out in *"$version"*) ;; *) fail "dirac --version printed '$out', not the version $version" ;; esac
echo "client image: dirac --version -> $out"

# --- the tasks image starts (its own checks are the task tests); it needs Redis, so only the entry is checked ---
out=$("${run[@]}" --rm --entrypoint /usr/bin/tini "$tasks" -- dotnet --list-runtimes 2>&1) || fail "dotnet in the tasks image: $out"
case $out in *Microsoft.NETCore.App*) ;; *) fail "the tasks image has no .NET runtime: $out" ;; esac

# --- the Kubernetes overlay over aspirate's output ---
"$repo_root/deploy/kubernetes/test.sh"

echo "image tier passed"
