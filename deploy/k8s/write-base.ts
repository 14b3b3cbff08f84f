import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { baseFiles } from './manifests.ts';

const BASE = new URL('./base/', import.meta.url);

/** One YAML file's text: its objects as documents, with the note that it is generated. */
export function renderYaml(objects: Record<string, unknown>[]): string {
  const header = '# Generated from deploy/k8s/manifests.ts by `npm run docs`; do not edit.\n';
  return header + objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

/** Rewrites deploy/k8s/base/ from the table of workloads (files no longer generated are removed). */
export async function writeDeployBase(): Promise<void> {
  await mkdir(BASE, { recursive: true });
  const files = baseFiles();
  for (const name of await readdir(BASE)) if (!(name in files)) await rm(new URL(name, BASE));
  for (const [name, objects] of Object.entries(files))
    await writeFile(new URL(name, BASE), renderYaml(objects));
}
