/*
 * Runs Portman once, in a process of its own (collection.ts starts it in a scratch directory):
 *
 *   node --import tsx scripts/postman/run-portman.ts <openapi.json> <portman.json> <postman.json> <out.json>
 *
 * Its own process because Portman writes scratch files under ./tmp of the working directory, exits the
 * process on a bad configuration and logs to stdout. Portman fills values the document gives no example
 * for (disabled query parameters, placeholder bodies) from json-schema-faker, which draws from
 * Math.random: seeding it here makes the collection the same on every run. No network: no Postman sync,
 * no newman run, the document is a local file.
 */

/** A small seeded generator (mulberry32), so generated example values are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const [openApiFile, portmanConfigFile, postmanConfigFile, outputFile] = process.argv.slice(2);
if (!openApiFile || !portmanConfigFile || !postmanConfigFile || !outputFile) {
  throw new Error('usage: run-portman.ts <openapi.json> <portman.json> <postman.json> <out.json>');
}
// Seeded before Portman loads: json-schema-faker keeps the Math.random it finds at load time.
Math.random = seededRandom(20_261_130);
const { Portman } = await import('@apideck/portman/dist/Portman.js');
await new Portman({
  oaLocal: openApiFile,
  portmanConfigPath: portmanConfigFile,
  postmanConfigPath: postmanConfigFile,
  output: outputFile,
  includeTests: true,
  syncPostman: false,
  runNewman: false,
  logAssignVariables: false,
}).run();
