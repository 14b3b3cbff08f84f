import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { missingInfra } from '../test/support/infra.ts';
import { SCENARIOS } from './scenarios.ts';
import {
  formatTable,
  machineInfo,
  machineSnapshot,
  writeResult,
  type BenchResult,
} from './support/report.ts';
import { UsageError, type Scenario } from './support/scenario.ts';

// `npm run bench -- <scenario> [--option value …] [--out dir]`: runs one scenario, prints its tables
// and writes its figures to <out>/<scenario>-<UTC time>.json (default bench/results/).

const DEFAULT_OUT = fileURLToPath(new URL('./results/', import.meta.url));

/** The usage text; a scenario's options are listed when it is given (or every scenario's, for --help). */
function usage(scenarios: Record<string, Scenario> = {}): string {
  const lines = ['usage: npm run bench -- <scenario> [--option value …] [--out dir]', '', 'scenarios:'];
  for (const name of Object.keys(SCENARIOS)) {
    const scenario = scenarios[name];
    lines.push(`  ${name}${scenario ? ` — ${scenario.summary}` : ''}`);
    for (const [option, spec] of Object.entries(scenario?.options ?? {})) {
      lines.push(`      --${option} (default ${spec.default === '' ? 'none' : spec.default}): ${spec.help}`);
    }
  }
  lines.push('', `  --out: where the JSON goes (default ${DEFAULT_OUT})`);
  return lines.join('\n');
}

async function runScenario(name: string, scenario: Scenario, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      out: { type: 'string', default: DEFAULT_OUT },
      ...Object.fromEntries(
        Object.keys(scenario.options).map((option) => [option, { type: 'string' as const }]),
      ),
    },
  });
  const { out, ...given } = values as Record<string, string>;
  const options = Object.fromEntries(
    Object.entries(scenario.options).map(([option, spec]) => [option, given[option] ?? spec.default]),
  );
  const missing = (await missingInfra()).filter((service) =>
    (scenario.requires as readonly string[]).includes(service),
  );
  if (missing.length > 0) {
    console.error(`${name} needs ${missing.join(', ')} (not reachable; URLs as in test/support/infra.ts)`);
    return 1;
  }
  const machine = machineInfo();
  const loadBefore = machineSnapshot();
  const startedAt = new Date().toISOString();
  console.error(`${name}: ${loadBefore.uptime}`);
  const outcome = await scenario.run(options, {
    progress: (line) => console.error(`${name}: ${line}`),
    out: out as string,
  });
  const result: BenchResult = {
    scenario: name,
    startedAt,
    finishedAt: new Date().toISOString(),
    options,
    machine,
    loadBefore,
    loadAfter: machineSnapshot(),
    figures: outcome.figures,
  };
  for (const table of outcome.tables) console.log(`\n${formatTable(table)}`);
  console.log(
    `\nload before: ${result.loadBefore.uptime} · CPU probe ${result.loadBefore.cpuProbeMs} ms` +
      `\nload after:  ${result.loadAfter.uptime} · CPU probe ${result.loadAfter.cpuProbeMs} ms`,
  );
  console.log(`written: ${await writeResult(out as string, result)}`);
  return 0;
}

async function main([name, ...args]: string[]): Promise<number> {
  if (!name || name === '--help' || name === '-h') {
    const all = await Promise.all(
      Object.entries(SCENARIOS).map(async ([n, load]) => [n, (await load()).scenario] as const),
    );
    console.log(usage(Object.fromEntries(all)));
    return name ? 0 : 2;
  }
  const load = SCENARIOS[name];
  if (!load) {
    console.error(`unknown scenario "${name}"\n\n${usage()}`);
    return 2;
  }
  const { scenario } = await load();
  try {
    return await runScenario(name, scenario, args);
  } catch (err) {
    const badArgs = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    if (!(err instanceof UsageError) && !badArgs) throw err;
    console.error(`${(err as Error).message}\n\n${usage({ [name]: scenario })}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
