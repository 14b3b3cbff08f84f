import type { RcrEvent } from '@rcr/contracts';

/** The editor events this read model projects. */
export type EditorEvent = RcrEvent<'editor.registered'> | RcrEvent<'editor.updated'>;

/** What the read model keeps of an editor: enough to show an author's name (never the email). */
export interface EditorRow {
  id: string;
  name: string;
  role: string;
  active: boolean;
}

/**
 * The editor row an event carries. Editor events have no version, so the latest delivered wins; the bus
 * delivers a group's events in publish order and the inbox drops redeliveries.
 */
export function projectEditor(event: EditorEvent): EditorRow {
  const { editorId, name, role, active } = event.data;
  return { id: editorId, name, role, active };
}
