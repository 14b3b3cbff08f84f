import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuditActor as _rcr_identity_v1_AuditActor, AuditActor__Output as _rcr_identity_v1_AuditActor__Output } from './rcr/identity/v1/AuditActor.ts';
import type { AuditEvent as _rcr_identity_v1_AuditEvent, AuditEvent__Output as _rcr_identity_v1_AuditEvent__Output } from './rcr/identity/v1/AuditEvent.ts';
import type { AuditEventList as _rcr_identity_v1_AuditEventList, AuditEventList__Output as _rcr_identity_v1_AuditEventList__Output } from './rcr/identity/v1/AuditEventList.ts';
import type { AuditSubject as _rcr_identity_v1_AuditSubject, AuditSubject__Output as _rcr_identity_v1_AuditSubject__Output } from './rcr/identity/v1/AuditSubject.ts';
import type { AuditVerification as _rcr_identity_v1_AuditVerification, AuditVerification__Output as _rcr_identity_v1_AuditVerification__Output } from './rcr/identity/v1/AuditVerification.ts';
import type { CreateEditorRequest as _rcr_identity_v1_CreateEditorRequest, CreateEditorRequest__Output as _rcr_identity_v1_CreateEditorRequest__Output } from './rcr/identity/v1/CreateEditorRequest.ts';
import type { CreatePartnerKeyRequest as _rcr_identity_v1_CreatePartnerKeyRequest, CreatePartnerKeyRequest__Output as _rcr_identity_v1_CreatePartnerKeyRequest__Output } from './rcr/identity/v1/CreatePartnerKeyRequest.ts';
import type { CreatedPartnerKey as _rcr_identity_v1_CreatedPartnerKey, CreatedPartnerKey__Output as _rcr_identity_v1_CreatedPartnerKey__Output } from './rcr/identity/v1/CreatedPartnerKey.ts';
import type { Editor as _rcr_identity_v1_Editor, Editor__Output as _rcr_identity_v1_Editor__Output } from './rcr/identity/v1/Editor.ts';
import type { EditorList as _rcr_identity_v1_EditorList, EditorList__Output as _rcr_identity_v1_EditorList__Output } from './rcr/identity/v1/EditorList.ts';
import type { EditorRef as _rcr_identity_v1_EditorRef, EditorRef__Output as _rcr_identity_v1_EditorRef__Output } from './rcr/identity/v1/EditorRef.ts';
import type { EditorRevocation as _rcr_identity_v1_EditorRevocation, EditorRevocation__Output as _rcr_identity_v1_EditorRevocation__Output } from './rcr/identity/v1/EditorRevocation.ts';
import type { Empty as _rcr_identity_v1_Empty, Empty__Output as _rcr_identity_v1_Empty__Output } from './rcr/identity/v1/Empty.ts';
import type { IdentityServiceClient as _rcr_identity_v1_IdentityServiceClient, IdentityServiceDefinition as _rcr_identity_v1_IdentityServiceDefinition } from './rcr/identity/v1/IdentityService.ts';
import type { Jwks as _rcr_identity_v1_Jwks, Jwks__Output as _rcr_identity_v1_Jwks__Output } from './rcr/identity/v1/Jwks.ts';
import type { KidRef as _rcr_identity_v1_KidRef, KidRef__Output as _rcr_identity_v1_KidRef__Output } from './rcr/identity/v1/KidRef.ts';
import type { ListAuditEventsRequest as _rcr_identity_v1_ListAuditEventsRequest, ListAuditEventsRequest__Output as _rcr_identity_v1_ListAuditEventsRequest__Output } from './rcr/identity/v1/ListAuditEventsRequest.ts';
import type { ListEditorsRequest as _rcr_identity_v1_ListEditorsRequest, ListEditorsRequest__Output as _rcr_identity_v1_ListEditorsRequest__Output } from './rcr/identity/v1/ListEditorsRequest.ts';
import type { ListRevocationsRequest as _rcr_identity_v1_ListRevocationsRequest, ListRevocationsRequest__Output as _rcr_identity_v1_ListRevocationsRequest__Output } from './rcr/identity/v1/ListRevocationsRequest.ts';
import type { LoginRequest as _rcr_identity_v1_LoginRequest, LoginRequest__Output as _rcr_identity_v1_LoginRequest__Output } from './rcr/identity/v1/LoginRequest.ts';
import type { LogoutRequest as _rcr_identity_v1_LogoutRequest, LogoutRequest__Output as _rcr_identity_v1_LogoutRequest__Output } from './rcr/identity/v1/LogoutRequest.ts';
import type { PartnerKey as _rcr_identity_v1_PartnerKey, PartnerKey__Output as _rcr_identity_v1_PartnerKey__Output } from './rcr/identity/v1/PartnerKey.ts';
import type { PartnerKeyList as _rcr_identity_v1_PartnerKeyList, PartnerKeyList__Output as _rcr_identity_v1_PartnerKeyList__Output } from './rcr/identity/v1/PartnerKeyList.ts';
import type { PartnerKeyRef as _rcr_identity_v1_PartnerKeyRef, PartnerKeyRef__Output as _rcr_identity_v1_PartnerKeyRef__Output } from './rcr/identity/v1/PartnerKeyRef.ts';
import type { RefreshRequest as _rcr_identity_v1_RefreshRequest, RefreshRequest__Output as _rcr_identity_v1_RefreshRequest__Output } from './rcr/identity/v1/RefreshRequest.ts';
import type { Revocations as _rcr_identity_v1_Revocations, Revocations__Output as _rcr_identity_v1_Revocations__Output } from './rcr/identity/v1/Revocations.ts';
import type { SessionRevocation as _rcr_identity_v1_SessionRevocation, SessionRevocation__Output as _rcr_identity_v1_SessionRevocation__Output } from './rcr/identity/v1/SessionRevocation.ts';
import type { SigningKey as _rcr_identity_v1_SigningKey, SigningKey__Output as _rcr_identity_v1_SigningKey__Output } from './rcr/identity/v1/SigningKey.ts';
import type { SigningKeyList as _rcr_identity_v1_SigningKeyList, SigningKeyList__Output as _rcr_identity_v1_SigningKeyList__Output } from './rcr/identity/v1/SigningKeyList.ts';
import type { TokenPair as _rcr_identity_v1_TokenPair, TokenPair__Output as _rcr_identity_v1_TokenPair__Output } from './rcr/identity/v1/TokenPair.ts';
import type { UpdateEditorRequest as _rcr_identity_v1_UpdateEditorRequest, UpdateEditorRequest__Output as _rcr_identity_v1_UpdateEditorRequest__Output } from './rcr/identity/v1/UpdateEditorRequest.ts';
import type { VerifyAuditLogRequest as _rcr_identity_v1_VerifyAuditLogRequest, VerifyAuditLogRequest__Output as _rcr_identity_v1_VerifyAuditLogRequest__Output } from './rcr/identity/v1/VerifyAuditLogRequest.ts';
import type { VerifyPartnerKeyRequest as _rcr_identity_v1_VerifyPartnerKeyRequest, VerifyPartnerKeyRequest__Output as _rcr_identity_v1_VerifyPartnerKeyRequest__Output } from './rcr/identity/v1/VerifyPartnerKeyRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rcr: {
    identity: {
      v1: {
        AuditActor: MessageTypeDefinition<_rcr_identity_v1_AuditActor, _rcr_identity_v1_AuditActor__Output>
        AuditEvent: MessageTypeDefinition<_rcr_identity_v1_AuditEvent, _rcr_identity_v1_AuditEvent__Output>
        AuditEventList: MessageTypeDefinition<_rcr_identity_v1_AuditEventList, _rcr_identity_v1_AuditEventList__Output>
        AuditSubject: MessageTypeDefinition<_rcr_identity_v1_AuditSubject, _rcr_identity_v1_AuditSubject__Output>
        AuditVerification: MessageTypeDefinition<_rcr_identity_v1_AuditVerification, _rcr_identity_v1_AuditVerification__Output>
        CreateEditorRequest: MessageTypeDefinition<_rcr_identity_v1_CreateEditorRequest, _rcr_identity_v1_CreateEditorRequest__Output>
        CreatePartnerKeyRequest: MessageTypeDefinition<_rcr_identity_v1_CreatePartnerKeyRequest, _rcr_identity_v1_CreatePartnerKeyRequest__Output>
        CreatedPartnerKey: MessageTypeDefinition<_rcr_identity_v1_CreatedPartnerKey, _rcr_identity_v1_CreatedPartnerKey__Output>
        Editor: MessageTypeDefinition<_rcr_identity_v1_Editor, _rcr_identity_v1_Editor__Output>
        EditorList: MessageTypeDefinition<_rcr_identity_v1_EditorList, _rcr_identity_v1_EditorList__Output>
        EditorRef: MessageTypeDefinition<_rcr_identity_v1_EditorRef, _rcr_identity_v1_EditorRef__Output>
        EditorRevocation: MessageTypeDefinition<_rcr_identity_v1_EditorRevocation, _rcr_identity_v1_EditorRevocation__Output>
        Empty: MessageTypeDefinition<_rcr_identity_v1_Empty, _rcr_identity_v1_Empty__Output>
        /**
         * Editor accounts, sessions and signing keys. Called only by the gateway.
         */
        IdentityService: SubtypeConstructor<typeof grpc.Client, _rcr_identity_v1_IdentityServiceClient> & { service: _rcr_identity_v1_IdentityServiceDefinition }
        Jwks: MessageTypeDefinition<_rcr_identity_v1_Jwks, _rcr_identity_v1_Jwks__Output>
        KidRef: MessageTypeDefinition<_rcr_identity_v1_KidRef, _rcr_identity_v1_KidRef__Output>
        ListAuditEventsRequest: MessageTypeDefinition<_rcr_identity_v1_ListAuditEventsRequest, _rcr_identity_v1_ListAuditEventsRequest__Output>
        ListEditorsRequest: MessageTypeDefinition<_rcr_identity_v1_ListEditorsRequest, _rcr_identity_v1_ListEditorsRequest__Output>
        ListRevocationsRequest: MessageTypeDefinition<_rcr_identity_v1_ListRevocationsRequest, _rcr_identity_v1_ListRevocationsRequest__Output>
        LoginRequest: MessageTypeDefinition<_rcr_identity_v1_LoginRequest, _rcr_identity_v1_LoginRequest__Output>
        LogoutRequest: MessageTypeDefinition<_rcr_identity_v1_LogoutRequest, _rcr_identity_v1_LogoutRequest__Output>
        PartnerKey: MessageTypeDefinition<_rcr_identity_v1_PartnerKey, _rcr_identity_v1_PartnerKey__Output>
        PartnerKeyList: MessageTypeDefinition<_rcr_identity_v1_PartnerKeyList, _rcr_identity_v1_PartnerKeyList__Output>
        PartnerKeyRef: MessageTypeDefinition<_rcr_identity_v1_PartnerKeyRef, _rcr_identity_v1_PartnerKeyRef__Output>
        RefreshRequest: MessageTypeDefinition<_rcr_identity_v1_RefreshRequest, _rcr_identity_v1_RefreshRequest__Output>
        Revocations: MessageTypeDefinition<_rcr_identity_v1_Revocations, _rcr_identity_v1_Revocations__Output>
        SessionRevocation: MessageTypeDefinition<_rcr_identity_v1_SessionRevocation, _rcr_identity_v1_SessionRevocation__Output>
        SigningKey: MessageTypeDefinition<_rcr_identity_v1_SigningKey, _rcr_identity_v1_SigningKey__Output>
        SigningKeyList: MessageTypeDefinition<_rcr_identity_v1_SigningKeyList, _rcr_identity_v1_SigningKeyList__Output>
        TokenPair: MessageTypeDefinition<_rcr_identity_v1_TokenPair, _rcr_identity_v1_TokenPair__Output>
        UpdateEditorRequest: MessageTypeDefinition<_rcr_identity_v1_UpdateEditorRequest, _rcr_identity_v1_UpdateEditorRequest__Output>
        VerifyAuditLogRequest: MessageTypeDefinition<_rcr_identity_v1_VerifyAuditLogRequest, _rcr_identity_v1_VerifyAuditLogRequest__Output>
        VerifyPartnerKeyRequest: MessageTypeDefinition<_rcr_identity_v1_VerifyPartnerKeyRequest, _rcr_identity_v1_VerifyPartnerKeyRequest__Output>
      }
    }
  }
}

