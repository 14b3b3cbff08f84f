import { writeFile } from 'node:fs/promises';
import { asyncApiDocument } from '@rcr/contracts';

// Regenerates the documents derived from code: docs/asyncapi.json from the event catalog.
await writeFile(
  new URL('../docs/asyncapi.json', import.meta.url),
  `${JSON.stringify(asyncApiDocument(), null, 2)}\n`,
);
console.log('wrote docs/asyncapi.json');
