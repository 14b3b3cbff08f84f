import { ensurePgliteTemplate } from '@rcr/platform';
import { embeddedDatabaseOptions } from './embedded.ts';

// `npm install` (postinstall): makes, ahead of the first `npm start`, the template a start copies into a
// new data directory (ADR 0016). `npm start` makes it itself when it is missing or out of date, so this
// only moves PGlite's initdb out of the first start; a failure here must not fail the install.
const started = Date.now();
try {
  const dir = await ensurePgliteTemplate(await embeddedDatabaseOptions());
  console.log(
    `rcr: embedded database template ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`,
  );
} catch (err) {
  console.warn(`rcr: could not prepare the embedded database template (npm start will): ${String(err)}`);
}
