import { newEvent } from '@rcr/platform';
import type { RcrEvent } from '@rcr/contracts';
import type { Editor } from '../domain/deps.ts';

/** The service name stamped on every event identity emits. */
export const EVENT_SOURCE = 'identity';

/** `editor.registered`: an account was created (carries the email, which later events do not). */
export function editorRegistered(editor: Editor, traceparent?: string): RcrEvent<'editor.registered'> {
  return newEvent(
    EVENT_SOURCE,
    'editor.registered',
    editor.id,
    {
      editorId: editor.id,
      email: editor.email,
      name: editor.name,
      role: editor.role,
      active: editor.active,
      version: editor.version,
    },
    traceparent,
  );
}

/** `editor.updated`: an account's name, role or active flag may have changed (also on deactivation). */
export function editorUpdated(editor: Editor, traceparent?: string): RcrEvent<'editor.updated'> {
  return newEvent(
    EVENT_SOURCE,
    'editor.updated',
    editor.id,
    {
      editorId: editor.id,
      name: editor.name,
      role: editor.role,
      active: editor.active,
      version: editor.version,
    },
    traceparent,
  );
}

/** `session.revoked`: access tokens of a session (or, with no session, of every session) stop being valid. */
export function sessionRevoked(
  editorId: string,
  sessionId: string | null,
  revokedAt: string,
  traceparent?: string,
): RcrEvent<'session.revoked'> {
  return newEvent(EVENT_SOURCE, 'session.revoked', editorId, { editorId, sessionId, revokedAt }, traceparent);
}

/** `signing-keys.changed`: verifiers refetch the JWK Set (a key was added or removed). */
export function signingKeysChanged(
  activeKid: string,
  kids: string[],
  traceparent?: string,
): RcrEvent<'signing-keys.changed'> {
  return newEvent(EVENT_SOURCE, 'signing-keys.changed', activeKid, { activeKid, kids }, traceparent);
}
