/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must be a
 * `# HELP`, a `# TYPE` or a sample of a family declared by `# TYPE` before it; names, labels, escapes and
 * values must be well formed; a histogram's buckets must be cumulative and end at `+Inf` = `_count`.
 * Any violation throws, naming the line.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(\\{(.*)\\})? (\\S+)( -?\\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/;
// Values as Prometheus parses them (Go's ParseFloat): NaN and Inf in any letter case (prom-client writes `Nan`).
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[nN][aA][nN]|[+-][iI][nN][fF])$/;

const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseValue(text: string, line: string): number {
  if (!VALUE.test(text)) throw new Error(`not a sample value: ${line}`);
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  return lower === '+inf' ? Infinity : lower === '-inf' ? -Infinity : Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = LABEL.exec(rest);
    if (!match) throw new Error(`malformed labels: ${line}`);
    const [whole, name, raw] = match as unknown as [string, string, string];
    if (name in labels) throw new Error(`label ${name} twice: ${line}`);
    labels[name] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

/** Parses a whole exposition; throws on the first line that breaks the format. */
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = HELP.exec(line);
    if (help) {
      helps.set(help[1] as string, help[2] as string);
      continue;
    }
    const type = TYPE.exec(line);
    if (type) {
      const name = type[1] as string;
      if (families.has(name)) throw new Error(`family ${name} declared twice`);
      families.set(name, { name, type: type[2] as Family['type'], help: helps.get(name) ?? '', samples: [] });
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unknown comment line: ${line}`);
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const name = sample[1] as string;
    const family = [...families.values()].find((f) =>
      SUFFIXES[f.type].some((suffix) => `${f.name}${suffix}` === name),
    );
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    family.samples.push({
      name,
      labels: parseLabels(sample[3] ?? '', line),
      value: parseValue(sample[4] as string, line),
    });
  }
  for (const family of families.values()) {
    if (!family.help) throw new Error(`family ${family.name} has no HELP`);
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

/** Each series' buckets rise with `le`, never fall, and the `+Inf` bucket equals `_count`. */
function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    buckets.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < buckets.length; i++) {
      if ((buckets[i]?.[1] as number) < (buckets[i - 1]?.[1] as number))
        throw new Error(`${family.name} ${key}: buckets are not cumulative`);
    }
    const last = buckets.at(-1);
    if (!last || last[0] !== Infinity || last[1] !== count)
      throw new Error(`${family.name} ${key}: the +Inf bucket must equal _count`);
  }
}

/** The value of one sample (labels must match exactly the given ones, among others), or undefined. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      if (Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value;
    }
  }
  return undefined;
}

/**
 * The metric names a PromQL expression reads (identifiers followed by `{`, `[` or whitespace/`)` that are
 * not functions, keywords or label names). Enough for the dashboard's queries: every name there starts
 * with a known prefix (rcr_, process_, nodejs_).
 */
export function metricNamesIn(expr: string): string[] {
  return [...new Set(expr.match(/\b(?:rcr|process|nodejs)_[a-zA-Z0-9_]+/g) ?? [])];
}

/** A series name's family: `x_bucket`/`x_sum`/`x_count` of a histogram is `x`. */
export function familyOf(series: string, known: ReadonlySet<string>): string | undefined {
  if (known.has(series)) return series;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  return known.has(base) ? base : undefined;
}
