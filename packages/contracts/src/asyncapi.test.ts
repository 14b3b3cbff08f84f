import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi.ts';
import { EVENT_TYPES } from './events.ts';
import { PUSHED_EVENT_TYPES } from './push.ts';

describe('AsyncAPI document', () => {
  it('when generated, then every catalog event has a channel and a message with its payload schema', () => {
    const doc = asyncApiDocument() as {
      channels: Record<string, { address: string }>;
      components: {
        messages: Record<string, { name: string; payload: { properties: { data: { type: string } } } }>;
      };
    };
    for (const type of EVENT_TYPES) {
      const key = type.replace('.', '_');
      expect(doc.channels[key]?.address).toBe(`{namespace}.events.${type}`);
      expect(doc.components.messages[key]?.name).toBe(type);
      expect(doc.components.messages[key]?.payload.properties.data.type).toBe('object');
    }
  });

  it('when validated by @asyncapi/parser, then it is a valid AsyncAPI 3 document with no error', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    // Severity 0 = error; warnings and hints are style advice.
    expect(
      diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const sse = document?.channels().get('sse');
    expect(sse?.address()).toBe('/v1/events');
    expect(
      sse
        ?.messages()
        .all()
        .map((message) => message.name()),
    ).toEqual(expect.arrayContaining([...PUSHED_EVENT_TYPES, 'reset']));
    for (const channel of ['socketio', 'ws']) expect(document?.channels().has(channel)).toBe(true);
  });

  it('when compared with docs/asyncapi.json, then the committed document is up to date (run `npm run docs`)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../../docs/asyncapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(asyncApiDocument());
  });
});
