import { describe, expect, it } from 'vitest';
import { canonicalJson, decideAuditEntry, fieldHashes, type ChangedSubject } from './audit-change.ts';

const byEditor = {
  id: '0190d6a4-0000-7000-8000-000000000001',
  type: 'camera.updated',
  occurredAt: '2026-11-30T10:00:00+01:00',
  actor: { id: 'editor-1', role: 'editor' },
};

const camera = (
  version: number,
  fields: Record<string, unknown>,
  change: ChangedSubject['change'] = 'update',
) => ({
  kind: 'camera',
  id: 'fujifilm-x100vi',
  change,
  version,
  fields,
});

describe('decideAuditEntry', () => {
  it('when an editor creates an aggregate, then every field is named, no version before, and its snapshot is kept', () => {
    const decision = decideAuditEntry(
      { ...byEditor, type: 'camera.created' },
      camera(1, { brand: 'Fujifilm', model: 'X100VI', specs: { megapixels: 40 } }, 'create'),
      undefined,
    );

    expect(decision.change).toEqual({
      eventId: byEditor.id,
      occurredAt: '2026-11-30T09:00:00.000Z',
      actor: { id: 'editor-1', role: 'editor' },
      action: 'camera.created',
      subject: { kind: 'camera', id: 'fujifilm-x100vi' },
      versionBefore: null,
      versionAfter: 1,
      changedFields: ['brand', 'model', 'specs.megapixels'],
    });
    expect(decision.snapshot).toMatchObject({ action: 'put', value: { version: 1 } });
  });

  it('when an update follows the version seen before, then only the fields that differ are named', () => {
    const before = fieldHashes({
      brand: 'Fujifilm',
      model: 'X100VI',
      specs: { megapixels: 40, weightGrams: 521 },
    });
    const decision = decideAuditEntry(
      byEditor,
      camera(2, { brand: 'Fujifilm', model: 'X100 VI', specs: { megapixels: 40 } }),
      { version: 1, fields: before },
    );

    expect(decision.change).toMatchObject({
      versionBefore: 1,
      versionAfter: 2,
      changedFields: ['model', 'specs.weightGrams'],
    });
    expect(decision.snapshot).toMatchObject({ action: 'put', value: { version: 2 } });
  });

  it('when the event leaves out a field (editor.updated has no email), then that field is not reported as changed', () => {
    const before = fieldHashes({ email: 'ana@rcr.local', name: 'Ana', role: 'editor', active: true });
    const decision = decideAuditEntry(
      { ...byEditor, type: 'editor.updated', actor: { id: 'admin-1', role: 'admin' } },
      {
        kind: 'editor',
        id: 'e1',
        change: 'update',
        version: 2,
        fields: { name: 'Ana', role: 'admin', active: true },
      },
      { version: 1, fields: before },
    );

    expect(decision.change?.changedFields).toEqual(['role']);
    expect(decision.snapshot).toMatchObject({ action: 'put', value: { fields: { email: before.email } } });
  });

  it('when the version before was not seen, then the changed fields are unknown (null)', () => {
    const decision = decideAuditEntry(byEditor, camera(5, { brand: 'Fujifilm' }), {
      version: 3,
      fields: fieldHashes({ brand: 'Fuji' }),
    });

    expect(decision.change).toMatchObject({ versionBefore: 4, versionAfter: 5, changedFields: null });
  });

  it('when an aggregate is deleted, then the versions are recorded, the fields are not, and its snapshot goes', () => {
    const decision = decideAuditEntry(
      { ...byEditor, type: 'camera.deleted' },
      { kind: 'camera', id: 'fujifilm-x100vi', change: 'delete', version: 3 },
      { version: 2, fields: {} },
    );

    expect(decision.change).toMatchObject({ versionBefore: 2, versionAfter: 3, changedFields: null });
    expect(decision.snapshot).toEqual({ action: 'delete' });
  });

  it('when the system made the change (actor null or absent), then nothing is appended but the snapshot follows', () => {
    for (const actor of [null, undefined]) {
      const decision = decideAuditEntry({ ...byEditor, actor }, camera(2, { brand: 'Fujifilm' }), undefined);

      expect(decision.change).toBeUndefined();
      expect(decision.snapshot).toMatchObject({ action: 'put', value: { version: 2 } });
    }
  });

  it('when an older event arrives after a newer one, then the snapshot is kept', () => {
    const decision = decideAuditEntry(byEditor, camera(2, { brand: 'Fujifilm' }), { version: 4, fields: {} });
    const creation = decideAuditEntry(byEditor, camera(1, { brand: 'Fujifilm' }, 'create'), {
      version: 2,
      fields: {},
    });

    expect(decision.snapshot).toEqual({ action: 'keep' });
    expect(creation.snapshot).toEqual({ action: 'keep' });
    expect(creation.change?.changedFields).toEqual(['brand']);
  });
});

describe('canonicalJson', () => {
  it('when two objects hold the same values in another key order, then their text is the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
