import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  operationsOf,
  portmanConfigFor,
  postmanPath,
  type OpenApiDocument,
  type Operation,
} from './portman-config.ts';
import { ANSWERED_ELSEWHERE, SCENARIO } from './scenario.ts';
import type { Folder, Step } from './step.ts';

/*
 * Generates docs/rcr.postman_collection.json (Postman Collection v2.1, importable in Postman and
 * Insomnia): @apideck/portman builds every request and its contract tests from docs/openapi.json, driven
 * by the typed scenario in scenario.ts. The output is normalised so the committed file only changes when
 * the document or the scenario does: stable ids, the scenario's folders at the top level.
 *
 *   npx tsx scripts/postman/collection.ts     (also run by `npm run docs`)
 */

/** Where the committed collection lives. */
export const COLLECTION_FILE = new URL('../../docs/rcr.postman_collection.json', import.meta.url);
const OPENAPI_FILE = new URL('../../docs/openapi.json', import.meta.url);
const RUNNER = fileURLToPath(new URL('run-portman.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** openapi-to-postman's options (Portman's defaults, with schema placeholders for unset values). */
const POSTMAN_OPTIONS = {
  folderStrategy: 'Tags',
  parametersResolution: 'Schema',
  keepImplicitHeaders: true,
  enableOptionalParameters: false,
};
/** The folder Portman puts integration tests in; its sub-folders are the scenario's folders. */
const PORTMAN_FOLDER = 'Integration Tests';

/** Postman Collection v2.1, the parts the generator and its tests read. */
export interface PostmanCollection {
  info: { _postman_id: string; name: string; description: string; schema: string };
  event: PostmanEvent[];
  variable: { key: string; value: string; type?: string }[];
  item: PostmanFolder[];
}
/** A folder of requests. */
export interface PostmanFolder {
  id: string;
  name: string;
  description: string;
  item: PostmanItem[];
}
/** One request with its scripts. */
export interface PostmanItem {
  id: string;
  name: string;
  request: {
    method: string;
    description?: unknown;
    header: { key: string; value: string }[];
    auth?: { type: string };
    body?: { mode?: string; raw?: string };
    url: {
      raw?: string;
      host: string[];
      path: string[];
      query?: { key: string; value: string; disabled?: boolean }[];
      variable?: { key: string; value: string }[];
    };
  };
  event?: PostmanEvent[];
  response: unknown[];
}
/** A pre-request or test script. */
export interface PostmanEvent {
  listen: 'prerequest' | 'test';
  script: { id?: string; type: string; exec: string[] };
}
/** What Portman writes: requests and folders of them, nested. */
type PortmanNode = PostmanItem | { name: string; item: PortmanNode[] };
interface PortmanOutput extends Omit<PostmanCollection, 'item' | 'info'> {
  info: { name: string; schema: string };
  item: PortmanNode[];
}

/** A stable UUID-shaped id from a name. */
function stableId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const isFolder = (node: PortmanNode): node is Exclude<PortmanNode, PostmanItem> => 'item' in node;
const isRequest = (node: PortmanNode): node is PostmanItem => !('item' in node);

/** The URL as Postman writes it in `raw` (Insomnia imports from it): path variables stay `:name`. */
function rawUrl(url: PostmanItem['request']['url']): string {
  const query = (url.query ?? []).filter((q) => !q.disabled).map((q) => `${q.key}=${q.value}`);
  return `${url.host.join('.')}/${url.path.join('/')}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** One request as committed: stable ids, the step's method or path when it probes, a description. */
function normaliseItem(item: PostmanItem, step: Step, op: Operation, folder: string): PostmanItem {
  const id = stableId(`${folder}/${step.name}`);
  const method = step.send?.method ?? op.method;
  const url = step.send?.path
    ? { ...item.request.url, path: step.send.path.split('/').filter(Boolean), variable: [] }
    : item.request.url;
  // Portman names its tests after the operation (`[GET]::/v1/cameras/:id`); a probe sends something else.
  const label = `[${op.method}]::${postmanPath(op.path)}`;
  const relabel = `[${method}]::${postmanPath(step.send?.path ?? op.path)}`;
  const event = (item.event ?? []).map((e) => ({
    ...e,
    script: {
      ...e.script,
      id: stableId(`${id}/${e.listen}`),
      exec: e.script.exec.map((line) => line.split(label).join(relabel)),
    },
  }));
  const about = [op.summary, op.description].filter(Boolean).join('. ');
  const description = [
    `**${method} ${step.send?.path ?? op.path}** (from \`${op.id}\`) → expects **${step.expect}**.`,
    ...(about ? [about] : []),
    ...(step.why ? [step.why] : []),
  ].join('\n\n');
  return {
    ...item,
    id,
    request: { ...item.request, method, description, url: { raw: rawUrl(url), ...url } },
    event,
  };
}

/** The collection as committed, from Portman's output. */
function normalise(output: PortmanOutput, doc: OpenApiDocument, scenario: Folder[]): PostmanCollection {
  const ops = operationsOf(doc);
  const wrapper = output.item.find((item) => item.name === PORTMAN_FOLDER);
  const generated = wrapper && isFolder(wrapper) ? wrapper.item.filter(isFolder) : [];
  const folders = scenario.map((folder, f): PostmanFolder => {
    const items = generated[f]?.item.filter(isRequest) ?? [];
    if (generated[f]?.name !== folder.name || items.length !== folder.steps.length) {
      throw new Error(
        `Portman did not generate folder "${folder.name}" with ${folder.steps.length} requests`,
      );
    }
    const item = folder.steps.map((step, s) => {
      const generatedItem = items[s];
      const op = ops.get(step.op);
      if (generatedItem?.name !== step.name || !op) {
        throw new Error(`Portman did not generate "${step.name}" in place`);
      }
      return normaliseItem(generatedItem, step, op, folder.name);
    });
    return { id: stableId(folder.name), name: folder.name, description: folder.description, item };
  });
  const server = doc.servers?.[0]?.url ?? 'http://localhost:8080';
  return {
    info: {
      _postman_id: stableId(`collection/${doc.info.title}`),
      name: `${doc.info.title} ${doc.info.version}`,
      description: [
        doc.info.description ?? '',
        'Generated by `@apideck/portman` from `docs/openapi.json` and the scenario in ' +
          '`scripts/postman/scenario.ts` (do not edit by hand; run `npm run docs`).',
        `Run it in order (Collection Runner, or \`npx newman run docs/rcr.postman_collection.json --env-var baseUrl=${server}\`). ` +
          'Set `baseUrl`, `adminEmail` and `adminPassword`; every other variable is set by the requests. ' +
          'Each run uses a fresh `runId`, so it can run repeatedly against the same system.',
      ]
        .filter(Boolean)
        .join('\n\n'),
      schema: output.info.schema,
    },
    event: output.event.map((e) => ({
      ...e,
      script: { ...e.script, id: stableId(`collection/${e.listen}`) },
    })),
    variable: output.variable,
    item: folders,
  };
}

/** Runs Portman in a scratch directory and returns what it wrote. */
async function runPortman(doc: OpenApiDocument, config: unknown): Promise<PortmanOutput> {
  const dir = await mkdtemp(join(tmpdir(), 'rcr-portman-'));
  try {
    const files = ['openapi.json', 'portman.json', 'postman.json', 'collection.json'].map((f) =>
      join(dir, f),
    );
    const [openApiFile = '', portmanFile = '', postmanFile = '', outputFile = ''] = files;
    await writeFile(openApiFile, JSON.stringify(doc));
    await writeFile(portmanFile, JSON.stringify(config, null, 2));
    await writeFile(postmanFile, JSON.stringify(POSTMAN_OPTIONS));
    let log = '';
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--import', TSX_LOADER, RUNNER, ...files],
        { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      );
      log = `${stdout}\n${stderr}`;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`Portman failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`, { cause: error });
    }
    const output = JSON.parse(await readFile(outputFile, 'utf8').catch(() => 'null')) as unknown;
    if (typeof output !== 'object' || output === null || !('item' in output) || !('info' in output)) {
      throw new Error(`Portman wrote no collection:\n${log.slice(-4000)}`);
    }
    return output as PortmanOutput;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The collection for an OpenAPI document. Throws when the scenario and the document disagree. */
export async function buildCollection(
  doc: OpenApiDocument,
  scenario: Folder[] = SCENARIO,
): Promise<PostmanCollection> {
  const config = portmanConfigFor(doc, scenario, ANSWERED_ELSEWHERE);
  return normalise(await runPortman(doc, config), doc, scenario);
}

/** The collection as written to disk. */
export function serializeCollection(collection: PostmanCollection): string {
  return `${JSON.stringify(collection, null, 2)}\n`;
}

/** The committed OpenAPI document. */
export async function readOpenApiDocument(): Promise<OpenApiDocument> {
  const parsed = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || !('paths' in parsed) || !('info' in parsed)) {
    throw new Error('docs/openapi.json is not an OpenAPI document');
  }
  return parsed as OpenApiDocument;
}

/** Regenerates docs/rcr.postman_collection.json from docs/openapi.json. */
export async function writeCollection(): Promise<void> {
  const collection = await buildCollection(await readOpenApiDocument());
  await writeFile(COLLECTION_FILE, serializeCollection(collection));
  const requests = collection.item.reduce((n, folder) => n + folder.item.length, 0);
  console.log(`wrote docs/rcr.postman_collection.json (${requests} requests, generated by Portman)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeCollection();
}
