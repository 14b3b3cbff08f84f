import type { EventData } from '@rcr/contracts';

/** One aggregate as the read model knows it. */
export interface KnownAggregate {
  id: string;
  version: number;
  visible: boolean;
  /** For reviews: what a deletion event needs. */
  cameraId?: string | undefined;
  authorId?: string | undefined;
}

/** One drift found between the owner's inventory and the read model. */
export type Drift = EventData<'inventory.checked'>['drift'][number];

/**
 * Compares one part of an owner's inventory (`[id, version, visible]`, sorted) with what the read model
 * holds in the same id range. Drift, per aggregate:
 * - `missing`: the owner shows it, the read model does not know it;
 * - `outdated`: the read model's version is older than the owner's, and what it shows differs;
 * - `mismatch`: same or newer version, but shown where the owner hides it or the reverse (cannot be fixed
 *   by re-sending the owner's state: reported);
 * - `extra`: the read model shows an aggregate the owner does not have at all.
 */
export function checkInventory(
  items: readonly (readonly [string, number, boolean])[],
  known: readonly KnownAggregate[],
): Drift[] {
  const byId = new Map(known.map((k) => [k.id, k]));
  const drift: Drift[] = [];
  for (const [id, version, visible] of items) {
    const stored = byId.get(id);
    byId.delete(id);
    if (!stored) {
      if (visible) drift.push({ id, reason: 'missing', version: 0 });
      continue;
    }
    if (stored.visible === visible && stored.version >= version) continue;
    if (stored.version < version) {
      if (stored.visible !== visible || visible)
        drift.push({ id, reason: 'outdated', version: stored.version });
      continue;
    }
    drift.push({ id, reason: 'mismatch', version: stored.version });
  }
  for (const stored of byId.values()) {
    if (!stored.visible) continue;
    drift.push({
      id: stored.id,
      reason: 'extra',
      version: stored.version,
      ...(stored.cameraId ? { cameraId: stored.cameraId } : {}),
      ...(stored.authorId ? { authorId: stored.authorId } : {}),
    });
  }
  return drift;
}
