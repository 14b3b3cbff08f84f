import type { EventData } from '@rcr/contracts';
import { describe, expect, it } from 'vitest';
import { projectCamera, type CameraEvent } from './project-camera.ts';

const base = {
  id: 'id',
  version: 1,
  occurredAt: '2025-01-02T10:00:00.000Z',
  source: 'reviews',
  subject: 'c1',
};

function snapshot(version: number): EventData<'camera.created'> {
  return {
    cameraId: 'c1',
    brand: 'Fujifilm',
    model: 'X100VI',
    type: 'compact',
    specs: { megapixels: 40 },
    version,
  };
}

function created(version: number): CameraEvent {
  return { ...base, type: 'camera.created', data: snapshot(version) };
}

function updated(version: number): CameraEvent {
  return { ...base, type: 'camera.updated', data: snapshot(version) };
}

function deleted(version: number): CameraEvent {
  return { ...base, type: 'camera.deleted', data: { cameraId: 'c1', version } };
}

describe('projectCamera', () => {
  it('when an unknown camera is created, then it is upserted', () => {
    expect(projectCamera(created(1), undefined)).toEqual({
      action: 'upsert',
      row: {
        id: 'c1',
        brand: 'Fujifilm',
        model: 'X100VI',
        type: 'compact',
        specs: { megapixels: 40 },
        version: 1,
      },
    });
  });

  it('when an update is newer than the stored version, then it is upserted', () => {
    expect(projectCamera(updated(3), 2)).toMatchObject({ action: 'upsert', row: { version: 3 } });
  });

  it('when a snapshot is not newer than the stored version, then it is skipped as stale', () => {
    expect(projectCamera(updated(2), 2)).toEqual({ action: 'skip', reason: 'stale' });
    expect(projectCamera(created(1), 3)).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('when a deletion is at least as new as the stored version, then the camera is marked deleted', () => {
    expect(projectCamera(deleted(3), 2)).toEqual({ action: 'mark-deleted', cameraId: 'c1', version: 3 });
    expect(projectCamera(deleted(3), undefined)).toEqual({
      action: 'mark-deleted',
      cameraId: 'c1',
      version: 3,
    });
  });

  it('when a deletion is older than the stored version, then it is skipped as stale', () => {
    expect(projectCamera(deleted(1), 2)).toEqual({ action: 'skip', reason: 'stale' });
  });
});
