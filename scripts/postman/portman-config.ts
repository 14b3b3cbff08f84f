import { readFileSync } from 'node:fs';
import type {
  AssignVariablesConfig,
  CollectionVariableConfig,
  ContractTestConfig,
  IntegrationTestConfig,
  OverwriteRequestConfig,
  PortmanConfig,
  ResponseBodyTest,
  ResponseHeaderTest,
  VariationConfig,
} from '@apideck/portman/dist/types/PortmanConfig.js';
import type { Folder, SandboxScript, Step, ValueCheck } from './step.ts';

/*
 * Turns the scenario into a Portman configuration: one Portman integration test per folder, one variation
 * per step, with Portman's contract tests (status, content type, JSON body, JSON schema of the documented
 * response) and content tests, variable assignments and request overwrites. Before that it checks every
 * step against the OpenAPI document, and refuses a document with an operation no step answers
 * successfully, so a new route cannot go untested.
 */

/** The parts of an OpenAPI 3.1 document the generator reads. */
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
}

/** One operation of the document, as the generator sees it. */
export interface Operation {
  id: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  pathParams: string[];
  queryParams: string[];
  /** Properties and required properties of the JSON request body, when the operation has one. */
  body?: { properties: string[]; required: string[] };
  responses: string[];
}

interface RawOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, unknown>;
}
interface JsonSchema {
  properties?: Record<string, unknown>;
  required?: string[];
  /** An optional body (`nullish` in zod) is `anyOf: [object, null]`. */
  anyOf?: JsonSchema[];
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;
/** Statuses the gateway's conventions give every route, so operations need not document them. */
const CONVENTION_STATUSES = new Set([304, 405, 406, 415, 422, 429]);
/** Where the scenario's sandbox scripts live. */
const SANDBOX_DIR = new URL('./sandbox/', import.meta.url);
const TOKENS = { admin: '{{accessToken}}', editor: '{{editorAccessToken}}', forged: 'forged.jwt.token' };

function isOperation(value: unknown): value is RawOperation {
  return typeof value === 'object' && value !== null && 'responses' in value;
}

/** The operations of the document by `operationId`. */
export function operationsOf(doc: OpenApiDocument): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (!isOperation(raw)) continue;
      const id = raw.operationId;
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const params = raw.parameters ?? [];
      const declared = raw.requestBody?.content?.['application/json']?.schema;
      const schema = declared?.anyOf?.find((branch) => branch.properties) ?? declared;
      ops.set(id, {
        id,
        method: method.toUpperCase(),
        path,
        summary: raw.summary,
        description: raw.description,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: raw.requestBody
          ? { properties: Object.keys(schema?.properties ?? {}), required: schema?.required ?? [] }
          : undefined,
        responses: Object.keys(raw.responses),
      });
    }
  }
  return ops;
}

/** A sandbox script's source, as Portman inlines it. */
function sandboxScript(name: SandboxScript): string {
  return readFileSync(new URL(`${name}.js`, SANDBOX_DIR), 'utf8').trimEnd();
}

/** A string as Portman embeds it between double quotes in generated JavaScript. */
const quoted = (text: string) => JSON.stringify(text).slice(1, -1);

/** Whether a value is exactly one `{{variable}}` (the only form Portman compares with a variable). */
const isVariable = (text: string) => /^\{\{\w+\}\}$/.test(text);

/** Whether a step's response is expected to be JSON (Portman's body and schema tests apply). */
const answersJson = (step: Step) =>
  step.expect !== 204 && step.expect !== 304 && !/xml/.test(step.headers?.Accept ?? '');

/** Checks a step against the document; returns the operation it is generated from. */
function checkStep(step: Step, ops: Map<string, Operation>): Operation {
  const where = `step "${step.name}"`;
  const op = ops.get(step.op);
  if (!op) throw new Error(`${where}: no operation ${step.op} in the OpenAPI document`);
  if (!step.send?.path) {
    for (const param of op.pathParams) {
      if (step.params?.[param] === undefined) throw new Error(`${where}: no value for {${param}}`);
    }
  }
  for (const param of Object.keys(step.params ?? {})) {
    if (!op.pathParams.includes(param)) throw new Error(`${where}: ${op.path} has no {${param}}`);
  }
  const probe = step.send !== undefined;
  if (!probe && !op.responses.includes(String(step.expect)) && !CONVENTION_STATUSES.has(step.expect)) {
    throw new Error(`${where}: ${step.op} does not document a ${step.expect} response`);
  }
  if (op.body && step.body === undefined && step.text === undefined && !probe) {
    throw new Error(`${where}: ${step.op} takes a body; give one (an empty object is fine)`);
  }
  if (!op.body && (step.body !== undefined || step.text !== undefined)) {
    throw new Error(`${where}: ${step.op} takes no body`);
  }
  if (!step.invalid) {
    for (const key of Object.keys(step.query ?? {})) {
      if (!op.queryParams.includes(key))
        throw new Error(`${where}: ${step.op} has no query parameter ${key}`);
    }
    const body = step.body;
    if (op.body && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      for (const key of Object.keys(body)) {
        if (!op.body.properties.includes(key))
          throw new Error(`${where}: ${step.op} bodies have no field ${key}`);
      }
      if (step.expect < 300) {
        for (const key of op.body.required) {
          if (!(key in body)) throw new Error(`${where}: ${step.op} requires the body field ${key}`);
        }
      }
    }
  }
  // Portman reads `<…>` in overwritten values as its own template expressions.
  const sent = JSON.stringify([step.params, step.query, step.headers, step.body, step.text]);
  if (/[<>]/.test(sent)) throw new Error(`${where}: values sent may not contain < or >`);
  return op;
}

/**
 * A check on one value in Portman's content-test form. Portman compares a `{{variable}}` with the
 * collection variable, so only variables the requests set (`saved`) can be compared with: an input such
 * as `adminEmail` may be overridden by an environment the comparison would not see.
 */
function valueTest(key: string, check: ValueCheck, where: string, saved: Set<string>): ResponseBodyTest {
  // Portman's `[*]` finds one array element, and two of them on one array generate broken JavaScript.
  if (key.includes('[*]')) throw new Error(`${where}: ${key}: check array elements in a sandbox script`);
  if (check instanceof RegExp) {
    if (/'|\.\./.test(check.source))
      throw new Error(`${where}: ${key}: Portman mangles ' and .. in ${check}`);
    return { key, assert: `to.match(${check.toString()})` };
  }
  if (typeof check === 'string') {
    if (check.includes('{{') && !isVariable(check)) {
      throw new Error(`${where}: ${key}: Portman compares with a variable only as the whole value`);
    }
    if (isVariable(check) && !saved.has(check.slice(2, -2))) {
      throw new Error(`${where}: ${key}: ${check} is not set by any step, so it cannot be compared with`);
    }
    return { key, value: isVariable(check) ? check : quoted(check) };
  }
  if (check === null || typeof check !== 'object') return { key, value: check };
  const test: ResponseBodyTest = { key };
  if (check.contains !== undefined) test.contains = quoted(check.contains);
  if (check.length !== undefined) test.length = check.length;
  if (check.minLength !== undefined) test.minLength = check.minLength;
  if (check.notExist) test.notExist = true;
  if (check.assert !== undefined) test.assert = check.assert;
  return test;
}

/** A check on one response header in Portman's content-test form (see valueTest). */
function headerTest(key: string, check: ValueCheck, where: string, saved: Set<string>): ResponseHeaderTest {
  const { value, oneOf: _oneOf, ...rest } = valueTest(key, check, where, saved);
  if (value === null) throw new Error(`${where}: header ${key}: use { notExist: true } for an absent header`);
  return value === undefined ? rest : { ...rest, value };
}

/** A path as Postman writes it (and Portman names tests): `{id}` becomes `:id`. */
export const postmanPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** A status assertion for responses Portman has no documented response to generate it from. */
const statusTest = (op: Operation, step: Step) =>
  `pm.test("[${step.send?.method ?? op.method}]::${postmanPath(step.send?.path ?? op.path)} - Response status code is ${step.expect}", function () {\n` +
  `    pm.expect(pm.response.code).to.equal(${step.expect});\n});\n`;

/** The problem's `errors` name every given field. */
const fieldsTest = (fields: string[]) =>
  `pm.test(${JSON.stringify(`field errors name ${fields.join(', ')}`)}, function () {\n` +
  `    const named = pm.response.json().errors.map(function (e) { return e.field; });\n` +
  `    pm.expect(named).to.include.members(${JSON.stringify(fields)});\n});\n`;

/** Portman's contract tests for a step answered by a documented response. */
function contractTests(step: Step, op: Operation): ContractTestConfig[] {
  if (step.send || !op.responses.includes(String(step.expect))) return [];
  const tests: ContractTestConfig[] = [{ statusCode: { enabled: true } }];
  if (step.expect === 204) tests.push({ jsonBody: { enabled: true } });
  if (answersJson(step)) {
    // Problems are application/problem+json, which the document's error responses do not all say;
    // the collection's common tests check that content type on every error instead.
    if (step.expect < 400) tests.push({ contentType: { enabled: true } });
    tests.push({ jsonBody: { enabled: true } }, { schemaValidation: { enabled: true } });
  }
  return tests;
}

/** One step as a Portman variation: its request overwrites, tests and saved variables. */
function variationOf(step: Step, op: Operation, saved: Set<string>): VariationConfig {
  const where = `step "${step.name}"`;
  const overwrite: OverwriteRequestConfig = {
    overwriteRequestSecurity: step.as ? { bearer: { token: TOKENS[step.as] } } : { remove: true },
  };
  if (step.params) {
    overwrite.overwriteRequestPathVariables = Object.entries(step.params).map(([key, value]) => ({
      key,
      value,
    }));
  }
  if (step.query) {
    overwrite.overwriteRequestQueryParams = Object.entries(step.query).map(([key, value]) => ({
      key,
      value,
    }));
  }
  const headers = { ...(step.text ? { 'Content-Type': step.text.contentType } : {}), ...step.headers };
  if (Object.keys(headers).length > 0) {
    overwrite.overwriteRequestHeaders = Object.entries(headers).map(([key, value]) => ({ key, value }));
  }
  const body = step.text ? step.text.text : step.body;
  if (body !== undefined) overwrite.overwriteRequestBody = [{ key: '.', value: body, overwrite: true }];

  const bodyTests = [
    ...(step.problem ? [valueTest('code', step.problem, where, saved)] : []),
    ...Object.entries(step.returns ?? {}).map(([key, check]) => valueTest(key, check, where, saved)),
  ];
  const headerTests = Object.entries(step.returnsHeaders ?? {}).map(([key, check]) =>
    headerTest(key, check, where, saved),
  );
  const contract = contractTests(step, op);
  const extra = [
    ...(contract.length === 0 ? [statusTest(op, step)] : []),
    ...(step.fields ? [fieldsTest(step.fields)] : []),
    ...(step.after ?? []).map(sandboxScript),
  ];
  const variables: CollectionVariableConfig[] = [
    ...Object.entries(step.save ?? {}).map(([name, path]) => ({ name, responseBodyProp: path })),
    ...Object.entries(step.saveHeaders ?? {}).map(([name, header]) => ({ name, responseHeaderProp: header })),
  ];
  const assign: AssignVariablesConfig[] = variables.length > 0 ? [{ collectionVariables: variables }] : [];

  return {
    name: step.name,
    ...(contract.length > 0 ? { openApiResponse: String(step.expect) } : {}),
    overwrites: [overwrite],
    tests: {
      ...(contract.length > 0 ? { contractTests: contract } : {}),
      ...(bodyTests.length + headerTests.length > 0
        ? {
            contentTests: [
              {
                ...(bodyTests.length > 0 ? { responseBodyTests: bodyTests } : {}),
                ...(headerTests.length > 0 ? { responseHeaderTests: headerTests } : {}),
              },
            ],
          }
        : {}),
      ...(extra.length > 0 ? { extendTests: [{ tests: extra }] } : {}),
    },
    ...(assign.length > 0 ? { assignVariables: assign } : {}),
    ...(step.before ? { operationPreRequestScripts: [{ scripts: step.before.map(sandboxScript) }] } : {}),
  };
}

/** Operations no step of the scenario answers successfully (a probe answers none). */
function unansweredOperations(
  scenario: Folder[],
  ops: Map<string, Operation>,
  answeredElsewhere: Readonly<Record<string, string>>,
): string[] {
  const steps = scenario.flatMap((folder) => folder.steps.filter((s) => !s.send));
  const answered = new Set(steps.filter((s) => s.expect < 400).map((s) => s.op));
  // An operation answered elsewhere must still be called by some step.
  const called = new Set(steps.map((s) => s.op));
  return [...ops.values()]
    .filter((op) => !answered.has(op.id) && !(op.id in answeredElsewhere && called.has(op.id)))
    .map((op) => `${op.method} ${op.path} (${op.id})`);
}

/** Variables the steps save, in the order they are first saved. */
function savedVariables(scenario: Folder[]): string[] {
  const names = scenario.flatMap((folder) =>
    folder.steps.flatMap((s) => [...Object.keys(s.save ?? {}), ...Object.keys(s.saveHeaders ?? {})]),
  );
  return [...new Set(names)];
}

/** Variables someone running the collection sets; every other one is set by the requests. */
const INPUT_VARIABLES = {
  adminEmail: 'admin@rcr.local',
  adminPassword: 'admin-demo-password',
  editorPassword: 'postman-editor-password',
};

/** The Portman configuration for a scenario. Throws when the scenario and the document disagree. */
export function portmanConfigFor(
  doc: OpenApiDocument,
  scenario: Folder[],
  /** Operations whose success another test covers (see ANSWERED_ELSEWHERE in scenario.ts). */
  answeredElsewhere: Readonly<Record<string, string>> = {},
): PortmanConfig {
  const ops = operationsOf(doc);
  const saved = new Set(['runId', ...savedVariables(scenario)]);
  const names = new Set<string>();
  const integrationTests: IntegrationTestConfig[] = scenario.map((folder) => ({
    name: folder.name,
    operations: folder.steps.map((step) => {
      if (names.has(step.name)) throw new Error(`two steps are named "${step.name}"`);
      names.add(step.name);
      const op = checkStep(step, ops);
      return { openApiOperationId: op.id, variations: [variationOf(step, op, saved)] };
    }),
  }));
  const unanswered = unansweredOperations(scenario, ops, answeredElsewhere);
  if (unanswered.length > 0) {
    throw new Error(`no step answers these operations successfully: ${unanswered.join(', ')}`);
  }
  return {
    version: 1,
    tests: { integrationTests },
    globals: {
      stripResponseExamples: true,
      collectionTestScripts: [readFileSync(new URL('common-tests.js', SANDBOX_DIR), 'utf8').trimEnd()],
      collectionVariables: {
        ...INPUT_VARIABLES,
        runId: '',
        ...Object.fromEntries(savedVariables(scenario).map((name) => [name, ''])),
      },
    },
  };
}
