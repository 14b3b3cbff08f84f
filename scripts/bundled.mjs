// Runs an entry point of the embedded system as plain JavaScript (ADR 0016): the TypeScript sources are
// bundled once by esbuild into node_modules/.cache/rcr/, rebuilt whenever one of them changed, and the
// bundle is imported by this very process. No TypeScript compiler loads in the running system, and
// npm packages stay outside the bundle (imported from node_modules as usual).
//
//   node scripts/bundled.mjs start     — npm start (scripts/start-embedded.ts)
//   node scripts/bundled.mjs prepare   — npm install's postinstall (scripts/prepare-embedded.ts)
//   node scripts/bundled.mjs <service> — one process of distributed mode (services/<service>/src/main.ts)
//   node scripts/bundled.mjs build <entry…> — bundles only (the container image builds them once; run
//     there with RCR_BUNDLE_PREBUILT=true, which takes the bundles as they are and never rebuilds)
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = path.join(ROOT, 'node_modules/.cache/rcr/bundle');
const SERVICES = ['gateway', 'identity', 'reviews', 'content', 'jobs', 'webhooks', 'media'];
const ENTRIES = {
  start: 'scripts/start-embedded.ts',
  prepare: 'scripts/prepare-embedded.ts',
  ...Object.fromEntries(SERVICES.map((service) => [service, `services/${service}/src/main.ts`])),
};

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
    statSync(path.join(OUT_DIR, `${name}.packages.mjs`));
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
  // The npm packages the bundle imports, in its order, as a module of their own (see the end of this file).
  const output = result.metafile.outputs[path.relative(ROOT, outfile)];
  const packages = [
    ...new Set(
      (output?.imports ?? [])
        .filter((i) => i.external && i.kind === 'import-statement' && !i.path.startsWith('node:'))
        .map((i) => i.path),
    ),
  ];
  // Each file written aside and renamed into place (the map first): a start running at the same time
  // imports either the old bundle or the new one, never half of one.
  await mkdir(OUT_DIR, { recursive: true });
  const files = [...result.outputFiles].sort((a) => (a.path.endsWith('.map') ? -1 : 1));
  for (const file of [
    {
      path: path.join(OUT_DIR, `${name}.packages.mjs`),
      contents: packages.map((p) => `import '${p}';\n`).join(''),
    },
    ...files,
    { path: path.join(OUT_DIR, `${name}.meta.json`), contents: JSON.stringify({ key, inputs }) },
  ]) {
    const aside = `${file.path}.${randomUUID()}.tmp`;
    await writeFile(aside, file.contents);
    await rename(aside, file.path);
  }
  return outfile;
}

/**
 * glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), so later
 * large temporary blocks (argon2's 19 MiB per hash, file buffers) land in per-thread arenas and stay
 * resident after they are freed: ~140 MB of an embedded system's RSS. A fixed threshold keeps them
 * mmapped and returned on free. It must be set before the process starts, so on Linux this launcher
 * runs the system as a child with it (unless the operator set it). The child has a process group of its
 * own, so a signal reaches it once (relayed from here), whether Ctrl+C hit the terminal's group or
 * someone signalled this process; it stops by itself should this process die without relaying.
 */
async function relaunchWithMallocSettings() {
  if (process.platform !== 'linux' || process.env.MALLOC_MMAP_THRESHOLD_ !== undefined) return false;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
      RCR_LAUNCHER_PID: String(process.pid),
      // When the start began (this process's start, epoch ms): the banner's "started in" counts from it.
      RCR_LAUNCHED_AT: String(performance.timeOrigin),
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 143)));
  return true;
}

/**
 * Starts compiling PGlite's WebAssembly (9 MB) before the system's modules load (ADR 0034): V8 compiles it
 * on its own threads while this thread loads modules, and the embedded database takes the module when it
 * opens (platform db/pglite.ts, PGLITE_WASM_KEY) instead of compiling it then. Should this fail, PGlite
 * compiles it itself as before.
 */
function compilePgliteEarly() {
  const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const compiling = readFile(path.join(dist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
  compiling.catch(() => undefined);
  globalThis[Symbol.for('rcr.pglite-wasm')] = compiling;
}

/** In the relaunched child: stop as on SIGTERM when the launcher is gone (killed without relaying). */
function followLauncher() {
  const launcher = Number(process.env.RCR_LAUNCHER_PID);
  if (!launcher) return;
  const watch = setInterval(() => {
    if (process.ppid !== launcher) {
      clearInterval(watch);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 1000);
  watch.unref();
}

const name = process.argv[2] ?? 'start';
const usage = `usage: node scripts/bundled.mjs <${Object.keys(ENTRIES).join('|')}> | build <entry…>`;
if (name === 'build') {
  const names = process.argv.slice(3);
  if (names.length === 0 || names.some((n) => !ENTRIES[n])) {
    console.error(usage);
    process.exit(2);
  }
  const key = buildKey();
  for (const n of names) console.log(`bundled ${path.relative(ROOT, await bundle(n, ENTRIES[n], key))}`);
  process.exit(0);
}
const entry = ENTRIES[name];
if (!entry) {
  console.error(usage);
  process.exit(2);
}
// The relaunched child checks and builds the bundle itself: the launcher starts it at once.
if (name === 'start' && (await relaunchWithMallocSettings())) {
  // The child runs the system; this process only relays signals and the exit code.
} else {
  // A container image holds the bundles built with it and no compiler (RCR_BUNDLE_PREBUILT=true).
  if (process.env.RCR_BUNDLE_PREBUILT !== 'true') {
    const key = buildKey();
    if (!(await isFresh(name, key))) await bundle(name, entry, key);
  }
  followLauncher();
  // Only the embedded system opens PGlite at start (its own bundle check above comes first: a rebuild
  // would compete with the compilation for both cores).
  if (name === 'start') compilePgliteEarly();
  // The npm packages the bundle imports load first, in the bundle's order, before source maps are on:
  // with them on, Node reads and parses the source map of every module it loads that names one (many
  // packages do), a tenth of a start's module loading. Our own stack traces still name the TypeScript
  // sources, as under tsx; an npm package's name its compiled JavaScript.
  await import(pathToFileURL(path.join(OUT_DIR, `${name}.packages.mjs`)).href);
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(OUT_DIR, `${name}.mjs`)).href);
}
