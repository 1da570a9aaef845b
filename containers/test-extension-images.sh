# The image tier's extension step (sourced by test-images.sh, after DiracX's checks, with its functions and its
# PostgreSQL, keystore and config): builds Gubbins' images on the DiracX images just built, with the script an
# extension author copies (extensions/Gubbins/containers/build.sh), and checks them from the outside:
#   - the migration from gubbins/services (run in its services container) creates Gubbins' tables (lollygagdb.Owners, gubbinsjobdb.GubbinsInfo), which
#     DiracX's own migration did not;
#   - gubbins/services answers /api/health/ready with 200, serves Gubbins' /.well-known/dirac-metadata and has the
#     /api/lollygag routes (401 without a token, where DiracX's image answers 404);
#   - gubbins/tasks lists Gubbins' periodic task with DiracX's; gubbins/client has `dirac lollygag`;
#   - the Kubernetes overlay renders and validates over aspirate's output for a manifest naming Gubbins' images.
extension_started=$(date +%s)
gubbins_dir="$repo_root/extensions/Gubbins"
# CI publishes the extension folder just before (extensions/Gubbins/run-tests.sh): reuse it rather than publish again.
extension_args=()
[ -f "$gubbins_dir/artifacts/extension/Gubbins.Routers.dll" ] && extension_args=(--extension "$gubbins_dir/artifacts/extension")
mapfile -t gubbins_images < <(DIRACX_IMAGE_REGISTRY=$registry IMAGE_TLS_VERIFY=$tls_verify \
  "$gubbins_dir/containers/build.sh" "${extension_args[@]}") || fail "extensions/Gubbins/containers/build.sh failed"
[ ${#gubbins_images[@]} -eq 3 ] || fail "the Gubbins image script named ${#gubbins_images[@]} images, not 3: ${gubbins_images[*]}"
gubbins_services=${gubbins_images[0]} gubbins_tasks=${gubbins_images[1]} gubbins_client=${gubbins_images[2]}
echo "Gubbins images built in $(( $(date +%s) - extension_started ))s: ${gubbins_images[*]}"

gubbins_tables="SELECT count(*) FROM information_schema.tables WHERE (table_schema, table_name) IN (('lollygagdb', 'Owners'), ('gubbinsjobdb', 'GubbinsInfo'))"
[ "$(pg_query diracx "$gubbins_tables")" = 0 ] || fail "DiracX's own migration created Gubbins' tables"
gubbins_port=$(free_port)
start_services "$gubbins_services" "gubbins-images-test-services-$$" "$(pg_conn gubbins)" "$gubbins_port" \
  "${migration_command[@]}"
[ "$(pg_query gubbins "$gubbins_tables")" = 2 ] || fail "the migration from $gubbins_services did not create lollygagdb.Owners and gubbinsjobdb.GubbinsInfo"
metadata=$(curl -fsS "http://127.0.0.1:$gubbins_port/.well-known/dirac-metadata") || fail "no /.well-known/dirac-metadata from $gubbins_services"
case $metadata in *'"gubbins_secrets":"hush!"'*) ;; *) fail "$gubbins_services serves DiracX's metadata, not Gubbins': $metadata" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gubbins_port/api/lollygag/get_owners")
[ "$code" = 401 ] || fail "/api/lollygag/get_owners without a token answered $code, not 401 (404: Gubbins' routes are missing)"
podman rm -f -t 0 "gubbins-images-test-services-$$" >/dev/null
echo "$gubbins_services: Gubbins' metadata, /api/lollygag/get_owners 401 without a token"

# The tasks host in gubbins/tasks loads Gubbins: its periodic task is listed with DiracX's (the worker itself is run
# from diracx/tasks above; a container on vfs storage costs a copy of its image, so one run here).
out=$("${run[@]}" --rm -e "ConnectionStrings__diracx=$(pg_conn gubbins)" -e "DIRACX_SERVICE_SANDBOXES_ENABLED=false" "$gubbins_tasks" dotnet /app/DiracX.Tasks.dll list 2>&1) \
  || fail "DiracX.Tasks list failed in $gubbins_tasks: $out"
case $out in *jobs:StalledJobs*lollygag:OwnerCleanupTask*) ;; *) fail "DiracX.Tasks list in $gubbins_tasks does not list Gubbins' and DiracX's tasks: $out" ;; esac
out=$("${run[@]}" --rm "$gubbins_client" dirac lollygag --help 2>&1) || fail "dirac lollygag --help failed in $gubbins_client: $out"
case $out in *get-owners*) ;; *) fail "dirac lollygag --help in $gubbins_client does not list get-owners: $out" ;; esac
echo "$gubbins_tasks lists lollygag:OwnerCleanupTask; $gubbins_client has dirac lollygag"
DIRACX_OVERLAY_IMAGES=ghcr.io/lhcb/gubbins "$repo_root/deploy/kubernetes/test.sh"
echo "extension images: $(( $(date +%s) - extension_started ))s"
