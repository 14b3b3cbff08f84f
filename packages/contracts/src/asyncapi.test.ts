import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi.ts';
import { EVENT_TYPES } from './events.ts';

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

  it('when compared with docs/asyncapi.json, then the committed document is up to date (run `npm run docs`)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../../docs/asyncapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(asyncApiDocument());
  });
});
