// The Kubernetes manifests (deploy/k8s), checked offline: there is no cluster here. Each overlay
// is rendered by `kubectl kustomize`; every object validates against the Kubernetes 1.36 OpenAPI
// schemas (kubernetes-models 5) or, for KEDA and External Secrets, against their CRD schemas
// (@kubernetes-models/keda, @kubernetes-models/external-secrets); then the team's policies:
// pinned images, probes on the real health endpoints, resources, a hardened securityContext,
// a PDB and a topology spread per Deployment, NetworkPolicy coverage, secrets only by reference,
// and an environment each app's own env parser accepts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { parseEnv as parseWebEnv } from '@tiffin/web/env';
import { trackingConsumer } from '@tiffin/worker/consumers';
import { parseEnv as parseWorkerEnv } from '@tiffin/worker/env';

const root = path.resolve(import.meta.dirname, '..');
const k8sDir = path.join(root, 'deploy', 'k8s');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const release = (JSON.parse(read('package.json')) as { version: string }).version;

// ---------------------------------------------------------------------------------------------
// The rendered objects, typed as far as the checks below read them

interface Labels {
  [key: string]: string;
}
interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  workingDir?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    privileged?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  automountServiceAccountToken?: boolean;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  topologySpreadConstraints?: { topologyKey: string; labelSelector?: LabelSelector }[];
  initContainers?: Container[];
  containers: Container[];
  volumes?: { name: string; emptyDir?: object }[];
}
interface PodTemplate {
  metadata?: { labels?: Labels };
  spec: PodSpec;
}
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface NetworkPolicyRule {
  to?: NetworkPolicyPeer[];
  from?: NetworkPolicyPeer[];
  ports?: { protocol?: string; port?: number }[];
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Labels };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: LabelSelector & Labels;
    template?: PodTemplate;
    scaleTargetRef?: { kind?: string; name: string };
    metrics?: { type: string; resource?: { name: string } }[];
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers?: {
      type: string;
      metadata: Record<string, string>;
      authenticationRef?: { name: string };
    }[];
    secretTargetRef?: { parameter: string; name: string; key: string }[];
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
    ingressClassName?: string;
    rules?: {
      host?: string;
      http?: {
        paths: {
          path: string;
          pathType: string;
          backend: { service: { name: string; port: { name?: string; number?: number } } };
        }[];
      };
    }[];
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    target?: { name: string };
    data?: { secretKey: string }[];
  };
}

function parseYamlDocuments(text: string): K8sObject[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
    return doc.toJS() as K8sObject;
  });
}

function render(overlay: string) {
  const result = spawnSync('kubectl', ['kustomize', path.join(k8sDir, 'overlays', overlay)], {
    encoding: 'utf8',
  });
  if (result.error) {
    throw new Error(`kubectl is not installed (.ci/run installs it): ${result.error.message}`);
  }
  return {
    status: result.status,
    stderr: result.stderr,
    objects: parseYamlDocuments(result.stdout),
  };
}

const OVERLAYS = { dev: 'tiffin-dev', production: 'tiffin' } as const;
const rendered = Object.fromEntries(
  Object.keys(OVERLAYS).map((overlay) => [overlay, render(overlay)]),
) as Record<keyof typeof OVERLAYS, ReturnType<typeof render>>;
const overlayNames = Object.keys(OVERLAYS) as (keyof typeof OVERLAYS)[];

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}
const workloads = (objects: K8sObject[]) =>
  objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
function podSpec(workload: K8sObject): PodSpec {
  const spec = workload.spec?.template?.spec;
  if (!spec) throw new Error(`${workload.kind} ${workload.metadata.name} has no pod template`);
  return spec;
}
const podLabels = (workload: K8sObject): Labels => workload.spec?.template?.metadata?.labels ?? {};
const allContainers = (spec: PodSpec) => [...(spec.initContainers ?? []), ...spec.containers];

/** Whether a label selector (matchLabels and In/NotIn/Exists expressions) selects these labels. */
function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  const labelsOk = matchLabels.every(([key, value]) => labels[key] === value);
  const expressionsOk = expressions.every(({ key, operator, values = [] }) => {
    const value = labels[key];
    if (operator === 'In') return value !== undefined && values.includes(value);
    if (operator === 'NotIn') return value === undefined || !values.includes(value);
    if (operator === 'Exists') return value !== undefined;
    if (operator === 'DoesNotExist') return value === undefined;
    throw new Error(`unknown selector operator ${operator}`);
  });
  return labelsOk && expressionsOk;
}

// ---------------------------------------------------------------------------------------------
// Schema validation: one model per apiVersion and kind; a kind without one fails the test

interface Validatable {
  validate(): void;
}
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: never): Validatable;
}
const MODELS: ModelClass[] = [
  ConfigMap,
  Deployment,
  ExternalSecret,
  HorizontalPodAutoscaler,
  Ingress,
  Job,
  NetworkPolicy,
  PodDisruptionBudget,
  ScaledObject,
  Service,
  ServiceAccount,
  TriggerAuthentication,
];

function schemaErrors(object: K8sObject): string | null {
  const model = MODELS.find((m) => m.apiVersion === object.apiVersion && m.kind === object.kind);
  if (!model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    // The rendered YAML is untyped data; the model's JSON schema is what checks its shape.
    new model(object as never).validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** CPU in millicores or memory in bytes, from a Kubernetes quantity such as 500m, 1, 384Mi, 1Gi. */
function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(value);
  if (!match) throw new Error(`unreadable quantity ${value}`);
  const factor: Record<string, number> = {
    '': 1000,
    m: 1,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
  };
  return Number(match[1]) * factor[match[2] ?? '']!;
}

// ---------------------------------------------------------------------------------------------

describe.each(overlayNames)('overlay %s', (overlay) => {
  const { status, stderr, objects } = rendered[overlay];
  const namespace = OVERLAYS[overlay];

  it('renders with kubectl kustomize, every object in its namespace', () => {
    expect(status, stderr).toBe(0);
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.metadata.namespace).toBe(namespace);
  });

  it('every object validates against its Kubernetes or CRD schema', () => {
    const problems = objects
      .map((o) => [`${o.kind}/${o.metadata.name}`, schemaErrors(o)] as const)
      .filter(([, error]) => error !== null);
    expect(problems).toEqual([]);
  });

  it('the schema check rejects a malformed object (it can fail)', () => {
    const web = structuredClone(named(objects, 'Deployment', 'tiffin-web'));
    podSpec(web).containers[0]!.ports = [{ containerPort: 'http' as unknown as number }];
    expect(schemaErrors(web)).toMatch(/containerPort must be integer/);
    const scaled = { ...named(objects, 'HorizontalPodAutoscaler', 'tiffin-web') };
    scaled.spec = { ...scaled.spec, scaleTargetRef: undefined };
    expect(schemaErrors(scaled)).toMatch(/scaleTargetRef/);
  });

  it('images are ours, pinned to the release in package.json, never :latest', () => {
    const images = workloads(objects).flatMap((w) => allContainers(podSpec(w)).map((c) => c.image));
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const image of images) {
      expect(image).toMatch(/^ghcr\.io\/tiffin\/tiffin-(web|worker):[^:/]+$/);
      expect(image).not.toMatch(/:latest$/);
      expect(image.split(':')[1]).toBe(release);
    }
    expect(release).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every container sets CPU and memory requests and limits, requests within limits', () => {
    for (const workload of workloads(objects)) {
      for (const container of allContainers(podSpec(workload))) {
        const { requests, limits } = container.resources ?? {};
        const where = `${workload.metadata.name}/${container.name}`;
        for (const resource of ['cpu', 'memory'] as const) {
          const request = requests?.[resource];
          const limit = limits?.[resource];
          expect(request, `${where} ${resource} request`).toBeDefined();
          expect(limit, `${where} ${resource} limit`).toBeDefined();
          expect(quantity(request!), where).toBeLessThanOrEqual(quantity(limit!));
        }
      }
    }
  });

  it('every long-running container has startup, liveness and readiness probes on the health endpoints', () => {
    // The paths the servers answer, read from their sources.
    const webHealth = read('apps/web/src/server/health.ts');
    const live = /HEALTH_LIVE_PATH = '([^']+)'/.exec(webHealth)?.[1];
    const ready = /HEALTH_READY_PATH = '([^']+)'/.exec(webHealth)?.[1];
    expect([live, ready]).toEqual(['/api/health/live', '/api/health/ready']);
    expect(read('apps/worker/src/worker-http.ts')).toContain('/api/health/ready');

    const deployments = ofKind(objects, 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['tiffin-web', 'tiffin-worker']);
    for (const deployment of deployments) {
      for (const container of podSpec(deployment).containers) {
        const portNames = (container.ports ?? []).map((p) => p.name);
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
          const httpGet = container[probe]?.httpGet;
          expect(httpGet, `${deployment.metadata.name} ${probe}`).toBeDefined();
          expect(portNames).toContain(httpGet!.port);
        }
        expect(container.startupProbe!.httpGet!.path).toBe(live);
        expect(container.livenessProbe!.httpGet!.path).toBe(live);
        expect(container.readinessProbe!.httpGet!.path).toBe(ready);
      }
    }
  });

  it('pods run as a non-root user with a read-only root, no capabilities, RuntimeDefault seccomp', () => {
    for (const workload of workloads(objects)) {
      const spec = podSpec(workload);
      const where = workload.metadata.name;
      expect(spec.securityContext?.runAsNonRoot, where).toBe(true);
      // Numeric: the images say `USER node`, which the kubelet cannot check against runAsNonRoot.
      expect(spec.securityContext?.runAsUser, where).toBeGreaterThan(0);
      expect(spec.securityContext?.seccompProfile?.type, where).toBe('RuntimeDefault');
      expect(spec.automountServiceAccountToken, where).toBe(false);
      const emptyDirs = new Set(
        (spec.volumes ?? []).filter((v) => v.emptyDir).map((volume) => volume.name),
      );
      for (const container of allContainers(spec)) {
        const context = container.securityContext ?? {};
        expect(context.allowPrivilegeEscalation, `${where}/${container.name}`).toBe(false);
        expect(context.readOnlyRootFilesystem, `${where}/${container.name}`).toBe(true);
        expect(context.capabilities?.drop, `${where}/${container.name}`).toEqual(['ALL']);
        expect(context.capabilities?.add ?? []).toEqual([]);
        expect(context.privileged ?? false).toBe(false);
        // tsx writes its compile cache to the temporary folder: it must be writable.
        const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
        expect(tmp && emptyDirs.has(tmp.name), `${where}/${container.name} /tmp`).toBe(true);
      }
    }
  });

  it('every Deployment has a PodDisruptionBudget and a topology spread over zones and nodes', () => {
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    for (const deployment of ofKind(objects, 'Deployment')) {
      const labels = podLabels(deployment);
      const covering = budgets.filter((b) => selects(b.spec?.selector, labels));
      expect(covering, deployment.metadata.name).toHaveLength(1);
      const spread = podSpec(deployment).topologySpreadConstraints ?? [];
      const keys = spread.filter((c) => selects(c.labelSelector, labels)).map((c) => c.topologyKey);
      expect(keys.sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    }
  });

  it('the web scales on CPU with an HPA; nothing else targets the web or the worker twice', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpas).toHaveLength(1);
    const hpa = hpas[0]!;
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'tiffin-web' });
    expect(hpa.spec?.metrics?.map((m) => m.resource?.name)).toEqual(['cpu']);
    const scaledObjects = ofKind(objects, 'ScaledObject');
    expect(scaledObjects.every((s) => s.spec?.scaleTargetRef?.name === 'tiffin-worker')).toBe(true);
  });

  it('web and worker wait for the migrations in an init container; the Job migrates directly', () => {
    const waitCli = 'src/migrations/wait-cli.ts';
    expect(fs.existsSync(path.join(root, 'packages/db', waitCli))).toBe(true);
    for (const name of ['tiffin-web', 'tiffin-worker']) {
      const init = podSpec(named(objects, 'Deployment', name)).initContainers ?? [];
      expect(init.map((c) => c.name)).toEqual(['wait-for-migrations']);
      // The images copy the workspace to /app (apps/*/Dockerfile).
      expect(init[0]!.workingDir).toBe('/app/packages/db');
      expect(init[0]!.command).toEqual(['node', '--import', 'tsx', waitCli]);
    }
    const job = podSpec(named(objects, 'Job', 'tiffin-migrate')).containers[0]!;
    expect(job.workingDir).toBe('/app/packages/db');
    expect(job.command?.join(' ')).toContain('src/migrations/cli.ts');
    expect(fs.existsSync(path.join(root, 'packages/db/src/migrations/cli.ts'))).toBe(true);
    const jobDb = job.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key;
    expect(jobDb).toBe('MIGRATION_DATABASE_URL');
  });

  it('holds no secret values: no Secret object, every secret read from tiffin-secrets by key', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    for (const workload of workloads(objects)) {
      for (const container of allContainers(podSpec(workload))) {
        for (const env of container.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (ref) expect(ref.name).toBe('tiffin-secrets');
          if (/SECRET|TOKEN|PASSWORD|DATABASE_URL|REDIS_URL|SMTP_URL/.test(env.name)) {
            expect(env.value, `${container.name} ${env.name}`).toBeUndefined();
          }
        }
      }
    }
    for (const configMap of ofKind(objects, 'ConfigMap')) {
      for (const value of Object.values(configMap.data ?? {}))
        expect(value).not.toMatch(/:\/\/[^/]*:[^/]*@/);
    }
  });

  it('each app accepts the environment its Deployment gives it (its own env parser, production)', () => {
    const config = named(objects, 'ConfigMap', 'tiffin-config').data ?? {};
    // What the tiffin-secrets Secret holds in a cluster (docs/deploy.md), with dummy values.
    const secrets: Record<string, string> = {
      DATABASE_URL: 'postgresql://tiffin:x@pgbouncer:6432/tiffin',
      REDIS_URL: 'redis://:x@redis:6379',
      NEXTAUTH_SECRET: 'n'.repeat(64),
      METRICS_TOKEN: 'm'.repeat(32),
      PAYMENT_WEBHOOK_SECRET: 'p'.repeat(32),
      SMTP_URL: 'smtp://mail.example.com:587',
    };
    const environment = (container: Container) => {
      const env: Record<string, string> = {};
      for (const from of container.envFrom ?? []) {
        expect(from.configMapRef?.name).toBe('tiffin-config');
        Object.assign(env, config);
      }
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        const value = ref ? secrets[ref.key] : variable.value;
        if (value !== undefined) env[variable.name] = value;
        else expect(ref?.optional, `${container.name} ${variable.name}`).toBe(true);
      }
      return env;
    };
    const web = parseWebEnv(
      environment(podSpec(named(objects, 'Deployment', 'tiffin-web')).containers[0]!),
    );
    expect(web).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: 3000,
      TRUST_PROXY: 1,
    });
    const worker = parseWorkerEnv(
      environment(podSpec(named(objects, 'Deployment', 'tiffin-worker')).containers[0]!),
    );
    expect(worker).toMatchObject({
      NODE_ENV: 'production',
      WORKER_HTTP_HOST: '0.0.0.0',
      WORKER_HTTP_PORT: 9464,
      SIM_ENABLED: overlay === 'dev',
      PAYMENT_WEBHOOK_URL: 'http://tiffin-web/api/payments/webhook',
    });
    // The ports the probes and the Service use are the ones the apps listen on.
    const webPorts = podSpec(named(objects, 'Deployment', 'tiffin-web')).containers[0]!.ports;
    expect(webPorts).toEqual([{ name: 'http', containerPort: web.PORT }]);
    const workerPorts = podSpec(named(objects, 'Deployment', 'tiffin-worker')).containers[0]!.ports;
    expect(workerPorts).toEqual([{ name: 'health', containerPort: worker.WORKER_HTTP_PORT }]);

    // Every setting is one an app reads, except the two of the Redis Cluster support (partitioned
    // streams), which the apps read once that lands.
    const known = new Set([...Object.keys(web), ...Object.keys(worker)]);
    const clusterSettings = ['REDIS_CLUSTER_NODES', 'STREAM_PARTITIONS'];
    const unknown = Object.keys(config).filter(
      (k) => !known.has(k) && !clusterSettings.includes(k),
    );
    expect(unknown).toEqual([]);
  });

  it('the Service and both Ingresses reach the web; the WebSocket path gets long timeouts', () => {
    const service = named(objects, 'Service', 'tiffin-web');
    const web = named(objects, 'Deployment', 'tiffin-web');
    expect(selects({ matchLabels: service.spec?.selector as Labels }, podLabels(web))).toBe(true);
    const targetPort = service.spec?.ports?.[0]?.targetPort;
    expect(podSpec(web).containers[0]!.ports?.map((p) => p.name)).toContain(targetPort);

    const wsPath = /TRPC_WS_PATH = '([^']+)'/.exec(read('apps/web/src/server/trpc-ws.ts'))?.[1];
    const ingresses = ofKind(objects, 'Ingress');
    expect(ingresses).toHaveLength(2);
    const hosts = new Set<string | undefined>();
    for (const ingress of ingresses) {
      expect(ingress.spec?.ingressClassName).toBe('nginx');
      for (const rule of ingress.spec?.rules ?? []) {
        hosts.add(rule.host);
        for (const p of rule.http?.paths ?? []) {
          expect(p.backend.service).toEqual({ name: 'tiffin-web', port: { name: targetPort } });
        }
      }
    }
    expect(hosts.size).toBe(1);
    const ws = ingresses.find((i) => i.spec?.rules?.[0]?.http?.paths[0]?.path === wsPath);
    expect(ws, `an Ingress for ${wsPath}`).toBeDefined();
    const annotations = ws!.metadata.annotations ?? {};
    expect(
      Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']),
    ).toBeGreaterThanOrEqual(3600);
    expect(
      Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout']),
    ).toBeGreaterThanOrEqual(3600);
    // No sticky sessions: any replica serves any subscription.
    const affinity = Object.keys(annotations).filter((k) => k.includes('affinity'));
    expect(affinity).toEqual([]);
  });

  describe('NetworkPolicies', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const outside = (peer: NetworkPolicyPeer) => peer.ipBlock?.cidr === '0.0.0.0/0';
    const egressFor = (labels: Labels) =>
      policies
        .filter(
          (p) => selects(p.spec?.podSelector, labels) && p.spec?.policyTypes?.includes('Egress'),
        )
        .flatMap((p) => p.spec?.egress ?? []);
    const ingressFor = (labels: Labels) =>
      policies
        .filter(
          (p) => selects(p.spec?.podSelector, labels) && p.spec?.policyTypes?.includes('Ingress'),
        )
        .flatMap((p) => p.spec?.ingress ?? []);
    const ports = (rules: NetworkPolicyRule[]) =>
      new Set(rules.flatMap((r) => r.ports ?? []).map((p) => p.port));

    it('deny everything by default, for every pod of the namespace', () => {
      const deny = policies.filter(
        (p) =>
          Object.keys(p.spec?.podSelector ?? {}).length === 0 &&
          p.spec?.policyTypes?.includes('Ingress') &&
          p.spec?.policyTypes?.includes('Egress') &&
          !p.spec?.ingress &&
          !p.spec?.egress,
      );
      expect(deny).toHaveLength(1);
      for (const workload of workloads(objects)) {
        const dns = egressFor(podLabels(workload)).filter((r) => ports(r.to ? [r] : []).has(53));
        expect(dns.length, `${workload.metadata.name} DNS`).toBeGreaterThan(0);
      }
    });

    it('only web takes traffic from ingress-nginx; the worker only from monitoring', () => {
      const fromIngressNginx = (labels: Labels) =>
        ingressFor(labels).some((r) =>
          (r.from ?? []).some(
            (peer) =>
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
              'ingress-nginx',
          ),
        );
      expect(fromIngressNginx(podLabels(named(objects, 'Deployment', 'tiffin-web')))).toBe(true);
      expect(fromIngressNginx(podLabels(named(objects, 'Deployment', 'tiffin-worker')))).toBe(
        false,
      );
      expect(fromIngressNginx(podLabels(named(objects, 'Job', 'tiffin-migrate')))).toBe(false);
    });

    it('web and worker reach PostgreSQL, PgBouncer and Redis; the migration Job only PostgreSQL', () => {
      for (const name of ['tiffin-web', 'tiffin-worker']) {
        const reachable = ports(egressFor(podLabels(named(objects, 'Deployment', name))));
        for (const port of [5432, 6432, 6379])
          expect(reachable.has(port), `${name}:${port}`).toBe(true);
      }
      const job = egressFor(podLabels(named(objects, 'Job', 'tiffin-migrate')));
      expect([...ports(job)].sort()).toEqual([53, 5432]);
    });

    it('only web reaches the internet broadly; the worker only on its providers’ ports', () => {
      const external = (labels: Labels) =>
        egressFor(labels).filter((r) => (r.to ?? []).some(outside));
      const web = external(podLabels(named(objects, 'Deployment', 'tiffin-web')));
      expect([...ports(web)]).toEqual([443]);
      const worker = external(podLabels(named(objects, 'Deployment', 'tiffin-worker')));
      // Stripe refunds over HTTPS, notification mail over SMTP submission: nothing else.
      expect([...ports(worker)].sort()).toEqual([443, 465, 587]);
      expect(external(podLabels(named(objects, 'Job', 'tiffin-migrate')))).toEqual([]);
      // Every rule towards the internet keeps private and link-local (metadata) ranges out.
      for (const rule of [...web, ...worker]) {
        for (const peer of (rule.to ?? []).filter(outside)) {
          expect(peer.ipBlock?.except).toEqual(
            expect.arrayContaining([
              '10.0.0.0/8',
              '172.16.0.0/12',
              '192.168.0.0/16',
              '169.254.0.0/16',
            ]),
          );
        }
      }
    });
  });
});

describe('production: the worker scales on stream lag with KEDA', () => {
  const { objects } = rendered.production;
  const config = named(objects, 'ConfigMap', 'tiffin-config').data ?? {};
  const scaled = named(objects, 'ScaledObject', 'tiffin-worker');

  it('one lag trigger per orders partition, on the Redis Cluster the apps use', () => {
    const partitions = Number(config.STREAM_PARTITIONS);
    expect(partitions).toBeGreaterThan(0);
    const triggers = scaled.spec?.triggers ?? [];
    // One stream per partition of `orders`, each with its own hash tag (`…{orders.<n>}`), so the
    // partitions spread over the cluster's slots; n runs over every partition exactly once.
    const streams = triggers.map((t) => /^(.*)\{orders\.(\d+)\}$/.exec(t.metadata.stream ?? ''));
    expect(streams.every((m) => m !== null)).toBe(true);
    expect(new Set(streams.map((m) => m![1])).size).toBe(1);
    expect(streams.map((m) => Number(m![2]))).toEqual(
      Array.from({ length: partitions }, (_, n) => n),
    );
    for (const trigger of triggers) {
      expect(trigger.type).toBe('redis-cluster-streams');
      expect(trigger.metadata.addresses).toBe(config.REDIS_CLUSTER_NODES);
      expect(trigger.metadata.consumerGroup).toBe(trackingConsumer.group);
      expect(Number(trigger.metadata.lagCount)).toBeGreaterThan(0);
      expect(trigger.authenticationRef?.name).toBe('tiffin-redis');
    }
    expect(scaled.spec?.minReplicaCount).toBeGreaterThanOrEqual(2);
    const auth = named(objects, 'TriggerAuthentication', 'tiffin-redis');
    expect(auth.spec?.secretTargetRef).toEqual([
      { parameter: 'password', name: 'tiffin-secrets', key: 'REDIS_PASSWORD' },
    ]);
  });

  it('dev needs no KEDA: its worker has a fixed replica count', () => {
    expect(ofKind(rendered.dev.objects, 'ScaledObject')).toEqual([]);
    expect(named(rendered.dev.objects, 'Deployment', 'tiffin-worker').spec?.replicas).toBe(1);
  });
});

describe('the External Secrets example (deploy/k8s/examples/external-secret.yaml)', () => {
  const [example] = parseYamlDocuments(read('deploy/k8s/examples/external-secret.yaml'));

  it('validates against the operator’s CRD schema and fills every key the manifests read', () => {
    expect(schemaErrors(example!)).toBeNull();
    expect(example!.spec?.target?.name).toBe('tiffin-secrets');
    const provided = new Set(example!.spec?.data?.map((d) => d.secretKey));
    const { objects } = rendered.production;
    const referenced = new Set<string>();
    for (const workload of workloads(objects)) {
      for (const container of allContainers(podSpec(workload))) {
        for (const env of container.env ?? []) {
          const key = env.valueFrom?.secretKeyRef?.key;
          if (key) referenced.add(key);
        }
      }
    }
    for (const auth of ofKind(objects, 'TriggerAuthentication')) {
      for (const ref of auth.spec?.secretTargetRef ?? []) referenced.add(ref.key);
    }
    expect([...referenced].filter((key) => !provided.has(key))).toEqual([]);
    expect(referenced.size).toBeGreaterThanOrEqual(10);
  });
});
