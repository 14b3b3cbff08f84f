// The Kubernetes base of deploy/k8s/base/, generated from one table of rcr's processes (`npm run docs`
// writes the YAML; test/deploy.test.ts fails when it is stale and validates every object against the
// Kubernetes schemas, overlays applied).

/** One process of distributed mode as Kubernetes runs it. */
interface Workload {
  name: string;
  /** Ports by name; the first is what probes and the Service's main port use. */
  ports: { name: string; port: number }[];
  /** gateway: HTTP /healthz and /readyz; services: gRPC health (grpc.health.v1). */
  probe: 'http' | 'grpc';
  replicas: { min: number; max: number };
  resources: { cpu: string; memory: string; memoryLimit: string };
  /** Settings of its own (the shared ones come from the rcr-config ConfigMap and rcr-secrets Secret). */
  env?: Record<string, string>;
}

export const WORKLOADS: Workload[] = [
  {
    name: 'gateway',
    ports: [
      { name: 'http', port: 8080 },
      { name: 'partner-grpc', port: 50060 },
    ],
    probe: 'http',
    replicas: { min: 2, max: 10 },
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi' },
    env: {
      PORT: '8080',
      PARTNER_GRPC_PORT: '50060',
      // Load shedding: 503 at once while the event loop lags by more than a second.
      SHED_MAX_EVENT_LOOP_DELAY_MS: '1000',
      IDENTITY_GRPC_URL: 'identity:50051',
      REVIEWS_GRPC_URL: 'reviews:50052',
      CONTENT_GRPC_URL: 'content:50053',
      JOBS_GRPC_URL: 'jobs:50054',
      WEBHOOKS_GRPC_URL: 'webhooks:50055',
      MEDIA_GRPC_URL: 'media:50056',
    },
  },
  {
    name: 'identity',
    ports: [{ name: 'grpc', port: 50051 }],
    probe: 'grpc',
    replicas: { min: 2, max: 4 },
    resources: { cpu: '200m', memory: '192Mi', memoryLimit: '384Mi' },
  },
  {
    name: 'reviews',
    ports: [{ name: 'grpc', port: 50052 }],
    probe: 'grpc',
    replicas: { min: 2, max: 6 },
    resources: { cpu: '200m', memory: '192Mi', memoryLimit: '384Mi' },
  },
  {
    // Read-model queries go to the streaming replica named by DATABASE_READ_URL (in rcr-secrets; unset:
    // the primary serves them), and back to the primary while it is out of reach or this far behind.
    name: 'content',
    ports: [{ name: 'grpc', port: 50053 }],
    probe: 'grpc',
    replicas: { min: 2, max: 8 },
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi' },
    env: { RCR_DATABASE_READ_MAX_LAG: '5s' },
  },
  {
    // Workers take jobs from the bus's work queue; results go to the S3 bucket (BUCKET_URL in rcr-config).
    // Every replica schedules the database backup; each 6-hour slot is queued once (ADR 0033), a week kept.
    name: 'jobs',
    ports: [{ name: 'grpc', port: 50054 }],
    probe: 'grpc',
    replicas: { min: 2, max: 6 },
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '768Mi' },
    env: { RCR_BACKUP_INTERVAL: '6h', RCR_BACKUP_KEEP: '28' },
  },
  {
    // Replicas share the deliveries (claimed from PostgreSQL); it reaches partners' URLs (egress is open).
    name: 'webhooks',
    ports: [{ name: 'grpc', port: 50055 }],
    probe: 'grpc',
    replicas: { min: 2, max: 4 },
    resources: { cpu: '200m', memory: '192Mi', memoryLimit: '384Mi' },
  },
  {
    // Uploads stream through it (held whole up to RCR_MEDIA_MAX_BYTES each while checked) and its workers
    // decode images (up to RCR_MEDIA_MAX_PIXELS) for the renditions: memory for both. Bucket: BUCKET_URL.
    name: 'media',
    ports: [{ name: 'grpc', port: 50056 }],
    probe: 'grpc',
    replicas: { min: 2, max: 6 },
    resources: { cpu: '250m', memory: '384Mi', memoryLimit: '1Gi' },
  },
];

type Manifest = Record<string, unknown>;
/**
 * Every pod serves Prometheus text at :9464/metrics (METRICS_PORT, ADR 0027): a port of its own, not in
 * any Service (the gateway's public port never serves it), scraped by pod through the annotations.
 */
export const METRICS_PORT = 9464;

/**
 * The PostgreSQL server's `max_connections` this base is sized for (the database is outside the cluster:
 * set it there). Every back-end pod opens at most `DATABASE_POOL_MAX` sessions, so at the HPAs' maximum
 * the services hold `postgresSessionsAtMost()` — which must leave room for the superuser reserve, an
 * operator's psql and a backup (its transaction and pg_dump): test/deploy.test.ts checks it.
 */
export const POSTGRES_MAX_CONNECTIONS = 250;
/** Sessions of one back-end pod's pool (rcr-config); content's read pool opens as many on the replica. */
export const DATABASE_POOL_MAX = 5;
/** Sessions outside the pools: superuser_reserved_connections (3), a backup (2), an operator (5). */
export const POSTGRES_SESSIONS_RESERVED = 10;

/** Sessions the services can hold on the primary when every back-end workload runs at its maximum. */
export function postgresSessionsAtMost(): number {
  return WORKLOADS.filter((w) => w.probe === 'grpc').reduce(
    (sum, w) => sum + w.replicas.max * DATABASE_POOL_MAX,
    0,
  );
}
const PART_OF = 'rcr';
const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF });
const selector = (name: string) => ({ 'app.kubernetes.io/name': name });

/**
 * Started and alive: the gateway's /healthz, a service's open port (its gRPC health turns NOT_SERVING
 * while its database is away, which must not restart it). Ready: /readyz?scope=gateway (only the gateway's
 * own state: an upstream every gateway shares being down must not take them all out of rotation), or gRPC
 * health SERVING.
 */
function probes(w: Workload) {
  const port = w.ports[0]?.port as number;
  const alive = w.probe === 'http' ? { httpGet: { path: '/healthz', port } } : { tcpSocket: { port } };
  const ready =
    w.probe === 'http' ? { httpGet: { path: '/readyz?scope=gateway', port } } : { grpc: { port } };
  return {
    startupProbe: { ...alive, periodSeconds: 2, failureThreshold: 30 },
    livenessProbe: { ...alive, periodSeconds: 10, failureThreshold: 3 },
    readinessProbe: { ...ready, periodSeconds: 5, failureThreshold: 2 },
  };
}

function deployment(w: Workload): Manifest {
  const isGateway = w.name === 'gateway';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, labels: labels(w.name) },
    spec: {
      replicas: w.replicas.min,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(w.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(w.name),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(METRICS_PORT),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName: 'rcr',
          automountServiceAccountToken: false,
          // SIGTERM starts a graceful stop (drain, flush the outbox relay, close connections).
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            fsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector(w.name) },
            },
          ],
          containers: [
            {
              name: w.name,
              image: 'rcr:latest',
              command: ['node', 'scripts/bundled.mjs', w.name],
              ports: [
                ...w.ports.map((p) => ({ name: p.name, containerPort: p.port })),
                { name: 'metrics', containerPort: METRICS_PORT },
              ],
              envFrom: [{ configMapRef: { name: 'rcr-config' } }, { secretRef: { name: 'rcr-secrets' } }],
              env: [
                ...Object.entries(w.env ?? {}).map(([name, value]) => ({ name, value })),
                ...(isGateway
                  ? []
                  : [
                      { name: 'GRPC_HOST', value: '0.0.0.0' },
                      { name: 'GRPC_PORT', value: String(w.ports[0]?.port) },
                    ]),
              ],
              resources: {
                requests: { cpu: w.resources.cpu, memory: w.resources.memory },
                limits: { memory: w.resources.memoryLimit },
              },
              ...probes(w),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function service(w: Workload): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: w.name, labels: labels(w.name) },
    spec: {
      selector: selector(w.name),
      ports: w.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.name,
        ...(p.name.includes('grpc') ? { appProtocol: 'grpc' } : {}),
      })),
    },
  };
}

function disruptionBudget(w: Workload): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: w.name, labels: labels(w.name) },
    spec: { minAvailable: 1, selector: { matchLabels: selector(w.name) } },
  };
}

/**
 * The gateway scales on its request rate per pod (`http_requests_per_second`, served by a metrics adapter
 * such as prometheus-adapter as `rate(rcr_http_requests_total[1m])` from the gateways' /metrics); the
 * services on CPU.
 */
function autoscaler(w: Workload): Manifest {
  const metric =
    w.name === 'gateway'
      ? {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            target: { type: 'AverageValue', averageValue: '500' },
          },
        }
      : {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        };
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: w.name, labels: labels(w.name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.name },
      minReplicas: w.replicas.min,
      maxReplicas: w.replicas.max,
      metrics: [metric],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

/** Services answer only the gateway and each other; the gateway only the ingress controller. */
function networkPolicies(): Manifest[] {
  const rcrPods = { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': PART_OF } } };
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress', labels: { 'app.kubernetes.io/part-of': PART_OF } },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'gateway-from-ingress', labels: labels('gateway') },
      spec: {
        podSelector: { matchLabels: selector('gateway') },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
            ],
            ports: [{ port: 8080 }],
          },
          // Partners reach the gRPC API through a load balancer Service of the overlay's choosing.
          { ports: [{ port: 50060 }] },
        ],
      },
    },
    {
      // Prometheus (in the `monitoring` namespace) scrapes every rcr pod's metrics port, and only that.
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'metrics-from-monitoring', labels: { 'app.kubernetes.io/part-of': PART_OF } },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/part-of': PART_OF } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
            ports: [{ port: METRICS_PORT }],
          },
        ],
      },
    },
    ...WORKLOADS.filter((w) => w.name !== 'gateway').map((w) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${w.name}-from-rcr`, labels: labels(w.name) },
      spec: {
        podSelector: { matchLabels: selector(w.name) },
        policyTypes: ['Ingress'],
        ingress: [{ from: [rcrPods], ports: w.ports.map((p) => ({ port: p.port })) }],
      },
    })),
  ];
}

function shared(): Manifest[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'rcr', labels: { 'app.kubernetes.io/part-of': PART_OF } },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rcr-config', labels: { 'app.kubernetes.io/part-of': PART_OF } },
      data: {
        RCR_NAMESPACE: 'rcr',
        LOG_LEVEL: 'info',
        NODE_ENV: 'production',
        NATS_URL: 'nats://nats:4222',
        REDIS_URL: 'redis://redis:6379',
        BUCKET_URL: 's3://rcr-files',
        // Sized so that every back-end pod at the HPAs' maximum fits POSTGRES_MAX_CONNECTIONS (above).
        DATABASE_POOL_MAX: String(DATABASE_POOL_MAX),
        // Prometheus scrapes the pod IP: the metrics port listens on every interface of the pod.
        METRICS_PORT: String(METRICS_PORT),
        METRICS_HOST: '0.0.0.0',
        // The gateways' /metrics only on that port, not through the Ingress.
        METRICS_PUBLIC: 'false',
        // The ingress controller's pods: their X-Forwarded-For names the client.
        TRUSTED_PROXIES: '10.0.0.0/8',
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'rcr',
        labels: { 'app.kubernetes.io/part-of': PART_OF },
        annotations: {
          // Server-Sent Events, WebSockets and Socket.IO stay open for long.
          'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
          'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
          'nginx.ingress.kubernetes.io/proxy-body-size': '16m',
          // Socket.IO long-polling sessions live on one gateway.
          'nginx.ingress.kubernetes.io/affinity': 'cookie',
          'nginx.ingress.kubernetes.io/affinity-mode': 'persistent',
        },
      },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'api.rcr.example',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'gateway', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    },
  ];
}

/** Every file of deploy/k8s/base/ (name → its objects), kustomization.yaml included. */
export function baseFiles(): Record<string, Manifest[]> {
  const files: Record<string, Manifest[]> = {
    'shared.yaml': shared(),
    'network-policies.yaml': networkPolicies(),
  };
  for (const w of WORKLOADS) {
    files[`${w.name}.yaml`] = [deployment(w), service(w), disruptionBudget(w), autoscaler(w)];
  }
  files['kustomization.yaml'] = [
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      labels: [{ pairs: { 'app.kubernetes.io/managed-by': 'kustomize' } }],
      resources: Object.keys(files).sort(),
    },
  ];
  return files;
}
