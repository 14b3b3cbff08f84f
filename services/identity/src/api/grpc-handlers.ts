import { idempotentWrite, type CallContext, type UnaryHandlers } from '@rcr/platform';
import type { IdentityV1 } from '@rcr/contracts';
import type { AuditEntry } from '../domain/audit-chain.ts';
import { createEditor } from '../domain/create-editor.ts';
import { deactivateEditor } from '../domain/deactivate-editor.ts';
import type { Caller, Editor, IdentityDeps } from '../domain/deps.ts';
import { getEditor } from '../domain/get-editor.ts';
import { listAuditEvents } from '../domain/list-audit-events.ts';
import { listEditors } from '../domain/list-editors.ts';
import { login } from '../domain/login.ts';
import { logout } from '../domain/logout.ts';
import {
  createPartnerKey,
  getPartnerKey,
  listPartnerKeys,
  revokePartnerKey,
  verifyPartnerKey,
  type PartnerKey,
} from '../domain/manage-partner-keys.ts';
import { refreshSession } from '../domain/refresh-session.ts';
import { updateEditor } from '../domain/update-editor.ts';
import { verifyAuditLog } from '../domain/verify-audit-log.ts';
import { revocationsSince } from '../store/session-repository.ts';

function callerOf(ctx: CallContext): Caller {
  return { actor: ctx.actor, traceparent: ctx.traceparent };
}

function editorMessage(editor: Editor): IdentityV1.Editor {
  return {
    id: editor.id,
    email: editor.email,
    name: editor.name,
    role: editor.role,
    active: editor.active,
    createdAt: editor.createdAt,
    updatedAt: editor.updatedAt,
    version: editor.version,
  };
}

function partnerKeyMessage(key: PartnerKey): IdentityV1.PartnerKey {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
  };
}

function auditEventMessage(entry: AuditEntry): IdentityV1.AuditEvent {
  return {
    sequence: entry.seq,
    eventId: entry.eventId ?? '',
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    ...(entry.versionBefore === null ? {} : { versionBefore: entry.versionBefore }),
    ...(entry.versionAfter === null ? {} : { versionAfter: entry.versionAfter }),
    changedFieldsKnown: entry.changedFields !== null,
    changedFields: entry.changedFields ?? [],
    previousHash: entry.previousHash,
    hash: entry.hash,
  };
}

/** The IdentityService rpcs: each maps its message to a use case and the result back, nothing more. */
export function identityHandlers(deps: IdentityDeps): UnaryHandlers<IdentityV1.IdentityServiceHandlers> {
  return {
    Login: (request) => login(deps, { email: request.email, password: request.password }),
    Refresh: (request) => refreshSession(deps, { refreshToken: request.refreshToken }),
    Logout: async (request, ctx) => {
      await logout(deps, callerOf(ctx), { refreshToken: request.refreshToken });
      return {};
    },
    GetJwks: async () => ({ json: await deps.keys.jwks() }),
    ListRevocations: async (request) => {
      const since = Number.isNaN(Date.parse(request.since)) ? new Date(0).toISOString() : request.since;
      return revocationsSince(deps.db, since);
    },
    ListSigningKeys: async (_request, ctx) => ({ items: await deps.keys.list(callerOf(ctx)) }),
    RotateSigningKey: async (_request, ctx) => ({
      items: await deps.keys.rotate(callerOf(ctx), deps.outbox),
    }),
    RetireSigningKey: async (request, ctx) => ({
      items: await deps.keys.retire(callerOf(ctx), deps.outbox, request.kid),
    }),
    CreatePartnerKey: async (request, ctx) => {
      const { key, secret } = await createPartnerKey(deps, callerOf(ctx), { name: request.name });
      return { key: partnerKeyMessage(key), secret };
    },
    ListPartnerKeys: async (_request, ctx) => ({
      items: (await listPartnerKeys(deps, callerOf(ctx))).map(partnerKeyMessage),
    }),
    GetPartnerKey: async (request, ctx) =>
      partnerKeyMessage(await getPartnerKey(deps, callerOf(ctx), { id: request.id })),
    RevokePartnerKey: async (request, ctx) => {
      await revokePartnerKey(deps, callerOf(ctx), { id: request.id });
      return {};
    },
    VerifyPartnerKey: async (request) =>
      partnerKeyMessage(await verifyPartnerKey(deps, { key: request.key })),
    GetEditor: async (request, ctx) =>
      editorMessage(await getEditor(deps, callerOf(ctx), { id: request.id })),
    ListEditors: async (request, ctx) => {
      const { items, total, nextCursor } = await listEditors(deps, callerOf(ctx), {
        page: request.page,
        limit: request.limit,
        sort: request.sort,
        cursor: request.cursor,
        role: request.role,
        active: request.active,
      });
      return { items: items.map(editorMessage), total, nextCursor };
    },
    CreateEditor: async (request, ctx) =>
      editorMessage(
        await createEditor(
          deps,
          callerOf(ctx),
          {
            email: request.email,
            name: request.name,
            password: request.password,
            // proto3 cannot tell an unset role from an empty one: both mean the default role.
            role: request.role || undefined,
          },
          idempotentWrite(ctx, 'CreateEditor'),
        ),
      ),
    UpdateEditor: async (request, ctx) =>
      editorMessage(
        await updateEditor(deps, callerOf(ctx), {
          id: request.id,
          name: request.name,
          role: request.role,
          password: request.password,
          active: request.active,
          expectedVersion: request.expectedVersion,
        }),
      ),
    DeactivateEditor: async (request, ctx) => {
      await deactivateEditor(deps, callerOf(ctx), { id: request.id });
      return {};
    },
    ListAuditEvents: async (request, ctx) => {
      const { items, nextCursor } = await listAuditEvents(deps, callerOf(ctx), {
        actorId: request.actorId,
        subjectId: request.subjectId,
        subjectKind: request.subjectKind,
        actions: request.actions,
        since: request.since,
        until: request.until,
        newestFirst: request.newestFirst,
        limit: request.limit,
        cursor: request.cursor,
      });
      return { items: items.map(auditEventMessage), nextCursor };
    },
    VerifyAuditLog: async (request, ctx) => {
      const check = await verifyAuditLog(deps, callerOf(ctx), { after: request.after, limit: request.limit });
      return {
        valid: check.valid,
        checked: check.checked,
        firstBrokenSequence: check.broken?.seq ?? 0,
        reason: check.broken?.reason ?? '',
        through: check.through,
        complete: check.complete,
        headSequence: check.head.seq,
        headHash: check.head.hash,
      };
    },
  };
}
