import { describe, expect, it } from 'vitest';
import { readOpenApiDocument } from '../scripts/postman/collection.ts';
import { portmanConfigFor, type OpenApiDocument } from '../scripts/postman/portman-config.ts';
import { ANSWERED_ELSEWHERE, SCENARIO } from '../scripts/postman/scenario.ts';
import type { Folder, Step } from '../scripts/postman/step.ts';

/** The committed document with one more admin route, as another engineer would add it. */
async function documentWithUsageReport(): Promise<OpenApiDocument> {
  const doc = await readOpenApiDocument();
  const listUsageReports = {
    operationId: 'listUsageReports',
    summary: 'Requests per partner',
    security: [{ bearerAuth: [] }],
    responses: { '200': { description: 'Default Response' }, '401': { description: 'Default Response' } },
  };
  return { ...doc, paths: { ...doc.paths, '/v1/admin/usage-reports': { get: listUsageReports } } };
}

/** The scenario with extra steps appended to its last folder. */
function scenarioWith(...steps: Step[]): Folder[] {
  const last = SCENARIO.at(-1);
  if (!last) throw new Error('the scenario has no folder');
  return [...SCENARIO.slice(0, -1), { ...last, steps: [...last.steps, ...steps] }];
}

describe('the Postman scenario (scripts/postman/scenario.ts)', () => {
  it('when checked against the committed OpenAPI document, then every step matches it', async () => {
    const config = portmanConfigFor(await readOpenApiDocument(), SCENARIO, ANSWERED_ELSEWHERE);
    const steps = config.tests?.integrationTests?.flatMap((t) => t.operations) ?? [];
    expect(steps).toHaveLength(SCENARIO.reduce((n, folder) => n + folder.steps.length, 0));
  });

  it('when the document gains a route no step answers successfully, then the generator refuses and names it', async () => {
    const doc = await documentWithUsageReport();
    expect(() => portmanConfigFor(doc, SCENARIO, ANSWERED_ELSEWHERE)).toThrow(
      /no step answers these operations successfully: GET \/v1\/admin\/usage-reports \(listUsageReports\)/,
    );
    // Only a failing step does not count as an answer.
    const refused: Step = { name: 'Usage reports without a token', op: 'listUsageReports', expect: 401 };
    expect(() => portmanConfigFor(doc, scenarioWith(refused), ANSWERED_ELSEWHERE)).toThrow(
      /listUsageReports/,
    );
  });

  it('when an operation is answered elsewhere, then it still needs a step that calls it', async () => {
    const doc = await readOpenApiDocument();
    const withoutCalls = SCENARIO.map((folder) => ({
      ...folder,
      steps: folder.steps.filter((step) => step.op !== 'getDeadLetter'),
    }));
    expect(() => portmanConfigFor(doc, SCENARIO, ANSWERED_ELSEWHERE)).not.toThrow();
    expect(() => portmanConfigFor(doc, SCENARIO)).toThrow(/getDeadLetter/);
    expect(() => portmanConfigFor(doc, withoutCalls, ANSWERED_ELSEWHERE)).toThrow(/getDeadLetter/);
  });

  it('when a successful step is added for the new route, then the generator accepts it', async () => {
    const doc = await documentWithUsageReport();
    const step: Step = { name: 'Usage reports', op: 'listUsageReports', as: 'admin', expect: 200 };
    expect(() => portmanConfigFor(doc, scenarioWith(step), ANSWERED_ELSEWHERE)).not.toThrow();
  });

  it('when a step drifts from the document, then the generator refuses it with the step named', async () => {
    const doc = await readOpenApiDocument();
    const drifted: [Step, RegExp][] = [
      [{ name: 'Unknown op', op: 'listWidgets', expect: 200 }, /no operation listWidgets/],
      [{ name: 'Undocumented status', op: 'getJwks', expect: 404 }, /does not document a 404/],
      [
        { name: 'Unknown query', op: 'listCameras', query: { colour: 'red' }, expect: 200 },
        /no query parameter colour/,
      ],
      [{ name: 'No id', op: 'getCamera', expect: 200 }, /no value for \{id\}/],
      [{ name: 'No body', op: 'createCamera', as: 'editor', expect: 201 }, /takes a body/],
      [
        { name: 'Unknown variable', op: 'liveness', expect: 200, returns: { status: '{{nobodySetsThis}}' } },
        /\{\{nobodySetsThis\}\} is not set by any step/,
      ],
    ];
    for (const [step, error] of drifted) {
      expect(() => portmanConfigFor(doc, scenarioWith(step)), step.name).toThrow(error);
      expect(() => portmanConfigFor(doc, scenarioWith(step)), step.name).toThrow(`step "${step.name}"`);
    }
  });
});
