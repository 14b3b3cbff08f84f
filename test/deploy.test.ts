import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { metricNames } from '@rcr/platform';
import {
  baseFiles,
  METRICS_PORT,
  POSTGRES_MAX_CONNECTIONS,
  POSTGRES_SESSIONS_RESERVED,
  WORKLOADS,
} from '../deploy/k8s/manifests.ts';
import { renderYaml } from '../deploy/k8s/write-base.ts';
// Every process's modules, so every metric family they define exists in this process's registry.
import '../scripts/embedded.ts';
import { familyOf, metricNamesIn } from './support/prometheus.ts';

// No container engine or cluster runs here: the deployment files are checked against the schemas of
// Kubernetes (kubernetes-models) and of the Compose Specification, overlays rendered, and the bundles the
// Dockerfile builds are built.

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

/** Validates one object against its kind's schema (throws naming the object and the failures). */
function validateK8s(object: K8sObject): void {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const module = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  const Model = (require(module) as Record<string, new (data: unknown) => { validate(): void }>)[object.kind];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  try {
    new Model(object).validate();
  } catch (err) {
    throw new Error(`${object.kind}/${object.metadata.name}: ${(err as Error).message}`);
  }
}

const readYamlDocs = (file: string): K8sObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as K8sObject);

/** The kustomization fields this renderer implements; any other field fails the test rather than be ignored. */
const KUSTOMIZE_FIELDS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'patches',
  'labels',
]);

/**
 * `kustomize build` for the features our kustomizations use: resources (files and directories),
 * namespace, images, JSON 6902 patches selected by kind and name, and labels (not on selectors).
 */
function kustomize(dir: string): K8sObject[] {
  const k = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(k).filter((key) => !KUSTOMIZE_FIELDS.has(key));
  if (unknown.length)
    throw new Error(`${dir}: kustomization fields this check does not render: ${unknown.join(', ')}`);
  let objects = (k.resources as string[]).flatMap((resource) => {
    const at = path.join(dir, resource);
    if (!existsSync(at)) throw new Error(`${dir}: resource ${resource} does not exist`);
    return existsSync(path.join(at, 'kustomization.yaml')) ? kustomize(at) : readYamlDocs(at);
  });
  for (const { pairs } of (k.labels as { pairs: Record<string, string> }[] | undefined) ?? []) {
    objects = objects.map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...pairs } },
    }));
  }
  for (const patch of (k.patches as
    { target: { kind?: string; name?: string }; patch: string }[] | undefined) ?? []) {
    const ops = parse(patch.patch) as Operation[];
    const targets = objects.filter(
      (o) =>
        (!patch.target.kind || o.kind === patch.target.kind) &&
        (!patch.target.name || o.metadata.name === patch.target.name),
    );
    if (targets.length === 0)
      throw new Error(`${dir}: a patch matches nothing: ${JSON.stringify(patch.target)}`);
    objects = objects.map((o) =>
      targets.includes(o)
        ? (jsonpatch.applyPatch(structuredClone(o), ops, true).newDocument as K8sObject)
        : o,
    );
  }
  for (const image of (k.images as { name: string; newName?: string; newTag?: string }[] | undefined) ?? []) {
    const text = JSON.stringify(objects).replaceAll(
      new RegExp(`"image":"${image.name}(?::[^"]*)?"`, 'g'),
      `"image":"${image.newName ?? image.name}${image.newTag ? `:${image.newTag}` : ''}"`,
    );
    objects = JSON.parse(text) as K8sObject[];
  }
  if (typeof k.namespace === 'string') {
    objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: k.namespace as string } }));
  }
  return objects;
}

const OVERLAYS = ['staging', 'production'];
const base = () => kustomize(path.join(ROOT, 'deploy/k8s/base'));

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('when the base is generated again, then it is what is committed (npm run docs)', () => {
    for (const [name, objects] of Object.entries(baseFiles())) {
      expect(readFileSync(path.join(ROOT, 'deploy/k8s/base', name), 'utf8'), name).toBe(renderYaml(objects));
    }
  });

  it.each(['base', ...OVERLAYS])(
    'when %s is rendered, then every object is valid against the Kubernetes schema',
    (name) => {
      const objects = name === 'base' ? base() : kustomize(path.join(ROOT, 'deploy/k8s/overlays', name));

      expect(objects.length).toBeGreaterThan(10);
      for (const object of objects) validateK8s(object);
    },
  );

  it('when an object breaks its schema, then the check says which and why (the check can fail)', () => {
    const broken = structuredClone(base().find((o) => o.kind === 'Deployment') as K8sObject);
    (broken.spec as { replicas: unknown }).replicas = 'three';

    expect(() => validateK8s(broken)).toThrow(/Deployment\/\w+: .*replicas must be integer/);
  });

  it.each(OVERLAYS)(
    'when %s is rendered, then every workload has probes, resources, a budget, an autoscaler and a Service that selects it',
    (name) => {
      const objects = kustomize(path.join(ROOT, 'deploy/k8s/overlays', name));
      const of = (kind: string, n: string) => objects.find((o) => o.kind === kind && o.metadata.name === n);

      for (const { name: workload } of WORKLOADS) {
        const deployment = of('Deployment', workload) as K8sObject;
        const podLabels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } })
          .template.metadata.labels;
        const container = (
          deployment.spec as { template: { spec: { containers: Record<string, unknown>[] } } }
        ).template.spec.containers[0];
        const service = of('Service', workload)?.spec as { selector: Record<string, string> };
        const budget = of('PodDisruptionBudget', workload)?.spec as {
          selector: { matchLabels: Record<string, string> };
        };
        const hpa = of('HorizontalPodAutoscaler', workload)?.spec as {
          minReplicas: number;
          maxReplicas: number;
          scaleTargetRef: { name: string };
        };

        expect(container).toMatchObject({
          startupProbe: expect.any(Object),
          livenessProbe: expect.any(Object),
          readinessProbe: expect.any(Object),
        });
        expect(container?.image).toMatch(/^registry\.example\.com\/rcr:/);
        expect(container?.command).toEqual(['node', 'scripts/bundled.mjs', workload]);
        expect((container?.resources as { requests: unknown }).requests).toBeDefined();
        expect(Object.entries(service.selector).every(([k, v]) => podLabels[k] === v)).toBe(true);
        expect(Object.entries(budget.selector.matchLabels).every(([k, v]) => podLabels[k] === v)).toBe(true);
        expect(hpa.scaleTargetRef.name).toBe(workload);
        expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
        expect(
          objects.every((o) => o.metadata.namespace === (name === 'production' ? 'rcr' : 'rcr-staging')),
        ).toBe(true);
      }
    },
  );

  it('when the base is read, then every pod exposes its metrics port to Prometheus (annotations) and no Service publishes it', () => {
    const objects = base();
    for (const { name } of WORKLOADS) {
      const deployment = objects.find(
        (o) => o.kind === 'Deployment' && o.metadata.name === name,
      ) as K8sObject;
      const template = (
        deployment.spec as {
          template: {
            metadata: { annotations: Record<string, string> };
            spec: { containers: { ports: { name: string; containerPort: number }[] }[] };
          };
        }
      ).template;
      const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === name) as K8sObject;

      expect(template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(METRICS_PORT),
        'prometheus.io/path': '/metrics',
      });
      expect(template.spec.containers[0]?.ports).toContainEqual({
        name: 'metrics',
        containerPort: METRICS_PORT,
      });
      expect(JSON.stringify(service.spec)).not.toContain(String(METRICS_PORT));
    }
    const config = objects.find((o) => o.kind === 'ConfigMap')?.data as Record<string, string>;
    expect(config).toMatchObject({ METRICS_PORT: String(METRICS_PORT), METRICS_HOST: '0.0.0.0' });
  });

  it.each(['base', ...OVERLAYS])(
    'when %s runs every back-end workload at its HPA maximum, then their PostgreSQL sessions fit max_connections with the reserve left',
    (name) => {
      const objects = name === 'base' ? base() : kustomize(path.join(ROOT, 'deploy/k8s/overlays', name));
      const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'rcr-config') as
        { data: Record<string, string> } | undefined;
      const pool = Number(config?.data.DATABASE_POOL_MAX ?? 10);
      const backEnds = WORKLOADS.filter((w) => w.probe === 'grpc').map((w) => w.name);
      const sessions = objects
        .filter((o) => o.kind === 'HorizontalPodAutoscaler')
        .filter((hpa) => backEnds.includes((hpa.spec?.scaleTargetRef as { name: string }).name))
        .reduce((sum, hpa) => sum + (hpa.spec?.maxReplicas as number) * pool, 0);

      expect(pool).toBeLessThan(10); // set, not the default
      expect(sessions).toBeGreaterThan(0);
      expect(sessions + POSTGRES_SESSIONS_RESERVED).toBeLessThanOrEqual(POSTGRES_MAX_CONNECTIONS);
    },
  );

  it('when network policies are read, then traffic to pods is denied unless a rule lets it in, and services admit only rcr pods', () => {
    const policies = base().filter((o) => o.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny-ingress')?.spec;

    expect(deny).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    for (const { name } of WORKLOADS.filter((w) => w.name !== 'gateway')) {
      const policy = policies.find((p) => p.metadata.name === `${name}-from-rcr`)?.spec as {
        ingress: { from: unknown[] }[];
      };
      expect(policy.ingress.flatMap((rule) => rule.from)).toEqual([
        { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'rcr' } } },
      ]);
    }
  });
});

describe('Compose file (deploy/compose.yaml)', () => {
  const compose = () =>
    parse(readFileSync(path.join(ROOT, 'deploy/compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<
        string,
        { command?: string[]; depends_on?: Record<string, unknown>; environment?: Record<string, string> }
      >;
    };

  it('when checked against the Compose Specification schema, then it is valid', () => {
    // The Compose Specification's schema as dclint ships it (draft-07).
    const schemaFile = path.join(
      path.dirname(require.resolve('dclint/package.json')),
      'schemas/compose.schema.json',
    );
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile({ ...schema, $schema: undefined });

    const valid = validate(compose());

    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
    expect(valid).toBe(true);
  });

  it('when read, then every rcr process serves metrics on its own port, and Prometheus scrapes each of them', () => {
    const { services } = compose();
    const rcr = Object.entries(services).filter(([, s]) => s.command?.[1] === 'scripts/bundled.mjs');
    const scrape = parse(readFileSync(path.join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = scrape.scrape_configs.flatMap((c) => c.static_configs.flatMap((t) => t.targets));

    for (const [name, service] of rcr) {
      expect(service.environment, name).toMatchObject({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' });
      expect(targets, name).toContain(`${name}:9464`);
    }
  });

  it("when every rcr process holds its whole pool, then the sessions fit the compose PostgreSQL's max_connections", () => {
    const { services } = compose();
    const maxConnections = Number(
      /max_connections=(\d+)/.exec((services.postgres?.command ?? []).join(' '))?.[1] ?? 100,
    );
    const sessions = Object.values(services)
      .filter((s) => s.environment?.DATABASE_URL !== undefined)
      .reduce((sum, s) => sum + Number(s.environment?.DATABASE_POOL_MAX ?? 10), 0);

    expect(sessions).toBeGreaterThan(0);
    expect(sessions + POSTGRES_SESSIONS_RESERVED).toBeLessThanOrEqual(maxConnections);
  });

  it('when read, then every rcr process of distributed mode runs, twice for the gateway, and depends only on defined services', () => {
    const { services } = compose();
    const commands = Object.values(services).flatMap((s) =>
      s.command?.[1] === 'scripts/bundled.mjs' ? [s.command[2]] : [],
    );

    expect(commands.sort()).toEqual([...WORKLOADS.map((w) => w.name), 'gateway'].sort());
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(services, `${name} → ${dependency}`).toHaveProperty(dependency);
    }
  });
});

describe('Grafana dashboard (deploy/grafana/rcr-dashboard.json)', () => {
  it('when parsed, then every panel queries Prometheus, and every metric name its queries use is one the processes define', async () => {
    const dashboard = JSON.parse(
      readFileSync(path.join(ROOT, 'deploy/grafana/rcr-dashboard.json'), 'utf8'),
    ) as {
      uid: string;
      panels: { type: string; title: string; targets?: { expr: string; refId: string }[] }[];
    };
    const defined = new Set(await metricNames());
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    const used = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr)));

    expect(dashboard.uid).toBe('rcr-overview');
    expect(panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of panels) expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    for (const family of [
      'rcr_http_requests_total',
      'rcr_grpc_server_handled_total',
      'rcr_grpc_client_handled_total',
      'rcr_bus_published_total',
      'rcr_bus_consumed_total',
      'rcr_bus_consumer_pending',
      'rcr_outbox_backlog',
      'rcr_cache_lookups_total',
      'rcr_realtime_connections',
    ])
      expect(used, family).toContain(family);
    expect(used.filter((name) => !familyOf(name, defined))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  it('when every workspace is listed in package.json, then the Dockerfile copies its manifest before npm ci', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const { workspaces } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const manifests = workspaces.flatMap((pattern) => {
      const dir = pattern.replace('/*', '');
      return require('node:fs')
        .readdirSync(path.join(ROOT, dir))
        .filter((name: string) => existsSync(path.join(ROOT, dir, name, 'package.json')))
        .map((name: string) => `${dir}/${name}/package.json`);
    });

    for (const manifest of manifests) expect(dockerfile, manifest).toContain(`COPY ${manifest} `);
    expect(dockerfile).toContain(`scripts/bundled.mjs build ${WORKLOADS.map((w) => w.name).join(' ')}`);
  });

  it('when the image build bundles every process, then each bundle is written', async () => {
    const run = promisify(execFile);
    const names = WORKLOADS.map((w) => w.name);

    const { stdout } = await run(process.execPath, ['scripts/bundled.mjs', 'build', ...names], { cwd: ROOT });

    for (const name of names) expect(stdout).toContain(`bundled node_modules/.cache/rcr/bundle/${name}.mjs`);
  }, 120_000);
});
