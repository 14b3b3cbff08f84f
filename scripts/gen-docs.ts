import { writeFile } from 'node:fs/promises';
import { asyncApiDocument } from '@rcr/contracts';
import { openApiDocument } from '@rcr/gateway';

// Regenerates the documents derived from code: docs/asyncapi.json from the event catalog and
// docs/openapi.json from the gateway's route schemas. Tests fail when the committed ones are stale.
const write = (file: string, doc: unknown) =>
  writeFile(new URL(`../docs/${file}`, import.meta.url), `${JSON.stringify(doc, null, 2)}\n`);
await write('asyncapi.json', asyncApiDocument());
await write('openapi.json', await openApiDocument());
console.log('wrote docs/asyncapi.json and docs/openapi.json');
await (await import('./gen-postman.ts')).writePostmanCollection();
