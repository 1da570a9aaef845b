#!/usr/bin/env bash
# The image tier (.ci/run runs it every time): installs the tools, builds the chain (bases reused by their input
# hash), then runs the images with podman against a throwaway PostgreSQL and checks that
#   - the migration runs once from diracx/services and exits 0 (it creates the database `diracx`);
#   - diracx/services answers /api/health/ready with 200, as user 1654 with a read-only root file system, PID 1 tini;
#   - `podman stop -t 10` stops it with exit code 0 (tini forwards SIGTERM; the app drains and exits 0);
#   - `dirac --version` runs in diracx/client and prints the version of Directory.Build.props;
#   - diracx/tasks lists its tasks, and its worker joins the Quartz cluster and stops with exit code 0 on SIGTERM;
#   - Gubbins' images build on these and load Gubbins (test-extension-images.sh);
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
  # Each run pulls and builds images under the same tags; the previous run's become untagged. On vfs storage every
  # one is a full copy (~2.4 GB a run), so without this the cache fills the disk within a day of CI runs.
  podman image prune -f >/dev/null 2>&1 || true
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
# Sets pg_bin, pg_port, pg_password; pg_conn <database> is the connection string of a database on it.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || fail "PostgreSQL is not installed (.ci/install-deps installs postgresql-15)"
  local as_pg=()
  [ "$(id -u)" = 0 ] && as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
  pg_port=$(free_port)
  pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$work/pg" && printf '%s\n' "$pg_password" >"$work/pg/pw" && chown -R postgres:postgres "$work/pg" 2>/dev/null || true
  "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres --pwfile="$work/pg/pw" --auth=scram-sha-256 >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg" start >/dev/null
  pg_pid_file="$work/pg/data/postmaster.pid"
}
pg_conn() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=$1"; }
# One value from a query on a database of the throwaway server.
pg_query() { PGPASSWORD=$pg_password "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -tAc "$2"; }

run=(podman run --network host --read-only --cap-drop=ALL --security-opt no-new-privileges)

# --- the migration, once, from a services image (it creates the database) ---
migration_command=(dotnet /app/migrations/DiracX.MigrationService.dll)
run_migration() {
  local image=$1 conn=$2 log=$3 started
  started=$(date +%s)
  "${run[@]}" --rm -e "ConnectionStrings__diracx=$conn" "$image" "${migration_command[@]}" >"$log" 2>&1 \
    || { tail -20 "$log"; fail "the migration from $image exited non-zero"; }
  echo "migration from $image: exit 0 in $(( $(date +%s) - started ))s"
}

# --- the keystore (the services image's admin command) and a config repository, in $work ---
make_keystore_and_config() {
  local image=$1
  mkdir -p "$work/keystore" && chmod 0777 "$work/keystore"
  "${run[@]}" --rm -v "$work/keystore:/keystore" "$image" dotnet /app/DiracX.Routers.dll keys rotate --jwks-path /keystore/jwks.json \
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
}

# --- the routers from a services image, as user 1654 with a read-only root file system ---
# start_services <image> <container name> <connection string> <port> [command...]: returns once /api/health/ready
# answers 200. A command is run in the container first (podman exec; it must exit 0): on vfs storage every container
# costs a copy of its image, so the extension's step migrates from its running services container.
start_services() {
  local image=$1 name=$2 conn=$3 http_port=$4 started code ready=
  shift 4
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
    "$image" >/dev/null
  started=$(date +%s)
  if [ $# -gt 0 ]; then
    podman exec "$name" "$@" >"$work/$name-exec.log" 2>&1 \
      || { tail -20 "$work/$name-exec.log"; fail "'$*' exited non-zero in $image"; }
    echo "'$*' in $image: exit 0 in $(( $(date +%s) - started ))s"
  fi
  for _ in $(seq 1 120); do
    code=$(curl -s -o "$work/ready.json" -w '%{http_code}' "http://127.0.0.1:$http_port/api/health/ready" || true)
    [ "$code" = 200 ] && { ready=yes; break; }
    [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] || break
    sleep 0.5
  done
  if [ -z "$ready" ]; then
    podman logs "$name" 2>&1 | tail -30
    fail "$image never answered /api/health/ready with 200 (last: ${code:-none} $(cat "$work/ready.json" 2>/dev/null))"
  fi
  echo "$image ready in $(( $(date +%s) - started ))s: $(cat "$work/ready.json")"
}

# Everything above is shared with the extension's step (test-extension-images.sh); the DiracX checks start here.
start_postgres
run_migration "$services" "$(pg_conn diracx)" "$work/migrate.log"
make_keystore_and_config "$services"
http_port=$(free_port)
name="diracx-images-test-services-$$"
start_services "$services" "$name" "$(pg_conn diracx)" "$http_port"
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

# --- the tasks image: its worker joins the Quartz cluster in the migrated database and stops on SIGTERM ---
# (Redis is optional for the tasks host; without a configuration repository the VOs come from DiracX__Tasks__Vos;
# no sandbox store here, so its clean-up task is switched off as in the services container.)
tasks_name="diracx-images-test-tasks-$$"
containers+=("$tasks_name")
step_started=$(date +%s)
podman run -d --name "$tasks_name" --network host --read-only --cap-drop=ALL --security-opt no-new-privileges \
  -e "ConnectionStrings__diracx=$(pg_conn diracx)" -e "DiracX__Tasks__Vos=lhcb" -e "DIRACX_SERVICE_SANDBOXES_ENABLED=false" \
  "$tasks" >/dev/null
out=$(podman exec "$tasks_name" dotnet /app/DiracX.Tasks.dll list 2>&1) || fail "DiracX.Tasks list failed in $tasks: $out"
case $out in *jobs:StalledJobs*) ;; *) fail "DiracX.Tasks list in $tasks does not list jobs:StalledJobs: $out" ;; esac
joined=
for _ in $(seq 1 120); do
  [ "$(pg_query diracx "SELECT count(*) FROM quartz.qrtz_scheduler_state" 2>/dev/null)" -gt 0 ] 2>/dev/null && { joined=yes; break; }
  [ "$(podman inspect -f '{{.State.Running}}' "$tasks_name")" = true ] || break
  sleep 0.5
done
[ -n "$joined" ] || { podman logs "$tasks_name" 2>&1 | tail -30; fail "the worker in $tasks never joined the Quartz cluster"; }
podman stop -t 10 "$tasks_name" >/dev/null
exit_code=$(podman inspect -f '{{.State.ExitCode}}' "$tasks_name")
[ "$exit_code" = 0 ] || { podman logs "$tasks_name" 2>&1 | tail -10; fail "the tasks worker: podman stop -t 10 gave exit code $exit_code, not 0"; }
podman rm -f -t 0 "$tasks_name" >/dev/null
echo "tasks image: lists its tasks, the worker joined the Quartz cluster and stopped with exit code 0 in $(( $(date +%s) - step_started ))s"

# --- the example extension's images, built on these (extensions/Gubbins/containers/build.sh) ---
source "$here/test-extension-images.sh"

# --- the Kubernetes overlay over aspirate's output ---
"$repo_root/deploy/kubernetes/test.sh"

echo "image tier passed"
