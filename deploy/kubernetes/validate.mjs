// Validates the rendered overlay: every object against the Kubernetes schemas (npm's kubernetes-models), then
// DiracX's rules for a working deploy. Usage: node validate.mjs rendered.yaml <version> [<images>], where <images> is
// the repository prefix of the services and tasks images (default ghcr.io/diracgrid/diracx; an extension's, e.g.
// ghcr.io/lhcb/gubbins, for a manifest published with DiracX:Images:*). Exit 1 on any failure.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const [file, version, prefix = "ghcr.io/diracgrid/diracx"] = process.argv.slice(2);
const objects = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
const failures = [];
const fail = (message) => failures.push(message);

// --- schema validation ---
const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
};
for (const o of objects) {
  const id = `${o.kind}/${o.metadata?.name}`;
  const mod = modules[o.apiVersion];
  if (!mod) { fail(`${id}: no schema for apiVersion ${o.apiVersion}`); continue; }
  const Model = (await import(mod))[o.kind];
  if (!Model) { fail(`${id}: no schema for kind ${o.kind} in ${o.apiVersion}`); continue; }
  try { new Model(o).validate(); } catch (e) { fail(`${id}: ${e.message}`); }
}

// --- DiracX's rules ---
const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const secretSettings = ["DIRACX_SERVICE_AUTH_STATE_KEY", "DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY",
  "DiracX__SandboxStore__S3ClientKwargs__aws_access_key_id", "DiracX__SandboxStore__S3ClientKwargs__aws_secret_access_key"];
// The connection strings and the containers' passwords come from the Secret diracx-infra, never a ConfigMap.
const passwordKey = /^(ConnectionStrings__.*|POSTGRES_PASSWORD|REDIS_PASSWORD)$/;
for (const cm of objects.filter((o) => o.kind === "ConfigMap")) {
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    if (secretSettings.includes(key)) fail(`ConfigMap/${cm.metadata.name} holds the secret setting ${key}`);
    if (passwordKey.test(key) || /password=/i.test(String(value))) fail(`ConfigMap/${cm.metadata.name} holds a password (${key})`);
    if (key === "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE" && value !== "file:///keystore/jwks.json")
      fail(`ConfigMap/${cm.metadata.name}: the keystore must be the mounted file, not ${value.slice(0, 20)}...`);
  }
}
const fromInfraSecret = (container, key) => container?.env?.some((e) => e.name === key
  && e.valueFrom?.secretKeyRef?.name === "diracx-infra" && e.valueFrom.secretKeyRef.key === key);
if (objects.some((o) => o.metadata?.namespace !== "diracx" && o.kind !== "Namespace")) fail("objects outside namespace diracx");
if (find("Deployment", "migrations")) fail("the migration service is still a Deployment");
// A Job's pod template is immutable, so the Job carries its release in its name: an upgrade applies a new Job.
const jobName = `migrations-${version.replaceAll(".", "-")}`;
const job = find("Job", jobName);
const otherJobs = objects.filter((o) => o.kind === "Job" && o.metadata?.name !== jobName).map((o) => o.metadata?.name);
if (otherJobs.length) fail(`Job(s) ${otherJobs.join(", ")}: the migrations Job must be named ${jobName} for version ${version}`);
if (!job) fail(`no migrations Job ${jobName}`);
else {
  const c = job.spec.template.spec.containers[0];
  if (c.image !== `${prefix}/services:${version}`) fail(`the migrations Job runs ${c.image}, not ${prefix}/services:${version}`);
  if (c.args?.join(" ") !== "dotnet /app/migrations/DiracX.MigrationService.dll") fail("the migrations Job does not run the migration service");
  if (!fromInfraSecret(c, "ConnectionStrings__diracx")) fail("the migrations Job does not take ConnectionStrings__diracx from the Secret diracx-infra");
}
const images = { routers: "services", tasks: "tasks" };
for (const name of ["routers", "tasks"]) {
  const d = find("Deployment", name);
  if (!d) { fail(`no ${name} Deployment`); continue; }
  const pod = d.spec.template.spec;
  const c = pod.containers.find((x) => x.name === name);
  if (c.image !== `${prefix}/${images[name]}:${version}`) fail(`${name} runs ${c.image}, not ${prefix}/${images[name]}:${version}`);
  if (!pod.initContainers?.some((i) => i.args?.includes(`job/${jobName}`))) fail(`${name} does not wait for the migrations Job ${jobName}`);
  for (const key of ["ConnectionStrings__diracx", "ConnectionStrings__redis"])
    if (!fromInfraSecret(c, key)) fail(`${name} does not take ${key} from the Secret diracx-infra`);
  const refs = c.envFrom ?? [];
  if (!refs.some((r) => r.configMapRef?.name === `${name}-env`)) fail(`${name} lost its ConfigMap`);
  if (!refs.some((r) => r.secretRef?.name === "diracx-secrets")) fail(`${name} has no envFrom secretRef diracx-secrets`);
  const keystore = pod.volumes?.find((v) => v.secret?.secretName === "diracx-keystore");
  if (!keystore || !c.volumeMounts?.some((m) => m.name === keystore.name && m.mountPath === "/keystore" && m.readOnly))
    fail(`${name} does not mount the keystore Secret read-only at /keystore`);
  if (pod.securityContext?.runAsNonRoot !== true || c.securityContext?.readOnlyRootFilesystem !== true)
    fail(`${name}: runAsNonRoot and a read-only root file system are required`);
  for (const x of [...pod.containers, ...(pod.initContainers ?? [])]) {
    if (!x.resources?.requests?.cpu || !x.resources?.requests?.memory || !x.resources?.limits?.memory)
      fail(`${name}/${x.name}: requests and limits are required`);
  }
}
const routers = find("Deployment", "routers");
if (routers) {
  const c = routers.spec.template.spec.containers.find((x) => x.name === "routers");
  if (!(routers.spec.replicas >= 2)) fail("fewer than 2 router replicas");
  if (routers.spec.strategy?.type !== "RollingUpdate") fail("routers: not a rolling update");
  for (const [probe, path] of [["startupProbe", "/api/health/startup"], ["livenessProbe", "/api/health/live"], ["readinessProbe", "/api/health/ready"]])
    if (c[probe]?.httpGet?.path !== path) fail(`routers: ${probe} is not on ${path}`);
}
const waiter = find("Role", "diracx-wait-for-migrations");
if (!waiter?.rules?.some((r) => r.resources?.includes("jobs") && r.resourceNames?.includes(jobName) && r.verbs?.includes("watch")))
  fail(`the Role diracx-wait-for-migrations does not let the init containers watch Job ${jobName}`);
const pdb = find("PodDisruptionBudget", "routers");
if (!pdb || pdb.spec.selector?.matchLabels?.app !== "routers") fail("no PodDisruptionBudget selecting the routers");
const ingress = find("Ingress", "routers");
const issuer = find("ConfigMap", "routers-env")?.data?.DIRACX_SERVICE_AUTH_TOKEN_ISSUER;
if (!ingress) fail("no Ingress for the routers");
else if (!issuer || ingress.spec.rules[0].host !== new URL(issuer).host || ingress.spec.tls[0].hosts[0] !== new URL(issuer).host)
  fail(`the Ingress host ${ingress.spec.rules[0].host} is not the token issuer's (${issuer})`);
for (const name of ["postgres", "redis"]) {
  const s = find("StatefulSet", name);
  if (!s?.spec.volumeClaimTemplates?.length) fail(`${name} has no persistent volume`);
  const password = name === "postgres" ? "POSTGRES_PASSWORD" : "REDIS_PASSWORD";
  if (s && !fromInfraSecret(s.spec.template.spec.containers.find((x) => x.name === name), password))
    fail(`${name} does not take ${password} from the Secret diracx-infra`);
}
if (find("ConfigMap", "postgres-env")?.data?.POSTGRES_DB !== "diracx") fail("postgres does not create the database diracx");
// create-secrets.sh writes the connection strings for these names: Host=postgres;Port=5432;Username=postgres and redis:6379.
if (find("ConfigMap", "postgres-env")?.data?.POSTGRES_USER !== "postgres") fail("postgres's user is not postgres (create-secrets.sh)");
for (const [name, port] of [["postgres", 5432], ["redis", 6379]])
  if (!find("Service", name)?.spec?.ports?.some((p) => p.port === port)) fail(`no Service ${name} on port ${port} (create-secrets.sh)`);

// Every pod that connects to PostgreSQL or Redis is let through by the NetworkPolicy in front of it, and only those.
const selects = (selector, labels) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v)
  && (selector?.matchExpressions ?? []).every((e) => e.operator === "In" && e.values.includes(labels?.[e.key]));
const workloads = objects.filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind));
for (const [server, port, key] of [["postgres", 5432, "ConnectionStrings__diracx"], ["redis", 6379, "ConnectionStrings__redis"]]) {
  const policy = objects.find((o) => o.kind === "NetworkPolicy" && selects(o.spec.podSelector, { app: server }));
  if (!policy) { fail(`no NetworkPolicy in front of ${server}`); continue; }
  const allowed = (labels) => policy.spec.ingress?.some((rule) => rule.ports?.some((p) => p.port === port)
    && rule.from?.some((peer) => !peer.namespaceSelector && selects(peer.podSelector, labels)));
  for (const w of workloads) {
    const labels = w.spec.template.metadata?.labels;
    const connects = w.spec.template.spec.containers.some((c) => c.env?.some((e) => e.name === key));
    if (connects && !allowed(labels)) fail(`NetworkPolicy/${policy.metadata.name} blocks ${w.kind}/${w.metadata.name}, which connects to ${server}`);
    if (!connects && allowed(labels)) fail(`NetworkPolicy/${policy.metadata.name} lets ${w.kind}/${w.metadata.name} reach ${server}, which it does not use`);
  }
}

const kinds = objects.map((o) => o.kind).reduce((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {});
if (failures.length) {
  console.error(`overlay: ${failures.length} problem(s):\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`overlay: ${objects.length} objects valid (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ")})`);
