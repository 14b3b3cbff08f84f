// Runs an entry point of the embedded system as plain JavaScript (ADR 0016): the TypeScript sources are
// bundled once by esbuild into node_modules/.cache/rcr/, rebuilt whenever one of them changed, and the
// bundle is imported by this very process. No TypeScript compiler loads in the running system, and
// npm packages stay outside the bundle (imported from node_modules as usual).
//
//   node scripts/bundled.mjs start     — npm start (scripts/start-embedded.ts)
//   node scripts/bundled.mjs prepare   — npm install's postinstall (scripts/prepare-embedded.ts)
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = path.join(ROOT, 'node_modules/.cache/rcr/bundle');
const ENTRIES = { start: 'scripts/start-embedded.ts', prepare: 'scripts/prepare-embedded.ts' };

/** What else a bundle depends on: this file (the build options) and the compiler's version. */
function buildKey() {
  const esbuild = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/esbuild/package.json'), 'utf8'));
  return createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(esbuild.version)
    .digest('hex');
}

/** Size and modification time of a source file (undefined when it is gone). */
function stamp(file) {
  try {
    const s = statSync(path.join(ROOT, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** True when the bundle of `name` was built from the sources as they are now. */
async function isFresh(name, key) {
  try {
    const meta = JSON.parse(await readFile(path.join(OUT_DIR, `${name}.meta.json`), 'utf8'));
    if (meta.key !== key) return false;
    statSync(path.join(OUT_DIR, `${name}.mjs`));
    return Object.entries(meta.inputs).every(([file, seen]) => stamp(file) === seen);
  } catch {
    return false;
  }
}

/** Bundles `entry`; returns when `<name>.mjs` and its record of inputs are in place. */
async function bundle(name, entry, key) {
  const { build, stop } = await import('esbuild');
  const outfile = path.join(OUT_DIR, `${name}.mjs`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'rcr-sources',
        setup(build) {
          // Our own workspace packages are bundled; every npm package is imported from node_modules.
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@rcr/') ? undefined : { path: args.path, external: true },
          );
          // A module finds its files (migrations, protos) next to its source, not next to the bundle.
          build.onLoad({ filter: /\.ts$/ }, async (args) => ({
            contents: (await readFile(args.path, 'utf8')).replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  // esbuild's compiler process would otherwise stay alive (and resident) as long as the system runs.
  await stop();
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, stamp(file)]));
  // Each file written aside and renamed into place (the map first): a start running at the same time
  // imports either the old bundle or the new one, never half of one.
  await mkdir(OUT_DIR, { recursive: true });
  const files = [...result.outputFiles].sort((a) => (a.path.endsWith('.map') ? -1 : 1));
  for (const file of [
    ...files,
    { path: path.join(OUT_DIR, `${name}.meta.json`), contents: JSON.stringify({ key, inputs }) },
  ]) {
    const aside = `${file.path}.${randomUUID()}.tmp`;
    await writeFile(aside, file.contents);
    await rename(aside, file.path);
  }
  return outfile;
}

const name = process.argv[2] ?? 'start';
const entry = ENTRIES[name];
if (!entry) {
  console.error(`usage: node scripts/bundled.mjs <${Object.keys(ENTRIES).join('|')}>`);
  process.exit(2);
}
const key = buildKey();
if (!(await isFresh(name, key))) await bundle(name, entry, key);
// Stack traces name the TypeScript sources, as under tsx.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(OUT_DIR, `${name}.mjs`)).href);
