// Original file: proto/identity.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuditEventList as _rcr_identity_v1_AuditEventList, AuditEventList__Output as _rcr_identity_v1_AuditEventList__Output } from '../../../rcr/identity/v1/AuditEventList.ts';
import type { AuditVerification as _rcr_identity_v1_AuditVerification, AuditVerification__Output as _rcr_identity_v1_AuditVerification__Output } from '../../../rcr/identity/v1/AuditVerification.ts';
import type { CreateEditorRequest as _rcr_identity_v1_CreateEditorRequest, CreateEditorRequest__Output as _rcr_identity_v1_CreateEditorRequest__Output } from '../../../rcr/identity/v1/CreateEditorRequest.ts';
import type { CreatePartnerKeyRequest as _rcr_identity_v1_CreatePartnerKeyRequest, CreatePartnerKeyRequest__Output as _rcr_identity_v1_CreatePartnerKeyRequest__Output } from '../../../rcr/identity/v1/CreatePartnerKeyRequest.ts';
import type { CreatedPartnerKey as _rcr_identity_v1_CreatedPartnerKey, CreatedPartnerKey__Output as _rcr_identity_v1_CreatedPartnerKey__Output } from '../../../rcr/identity/v1/CreatedPartnerKey.ts';
import type { Editor as _rcr_identity_v1_Editor, Editor__Output as _rcr_identity_v1_Editor__Output } from '../../../rcr/identity/v1/Editor.ts';
import type { EditorList as _rcr_identity_v1_EditorList, EditorList__Output as _rcr_identity_v1_EditorList__Output } from '../../../rcr/identity/v1/EditorList.ts';
import type { EditorRef as _rcr_identity_v1_EditorRef, EditorRef__Output as _rcr_identity_v1_EditorRef__Output } from '../../../rcr/identity/v1/EditorRef.ts';
import type { Empty as _rcr_identity_v1_Empty, Empty__Output as _rcr_identity_v1_Empty__Output } from '../../../rcr/identity/v1/Empty.ts';
import type { Jwks as _rcr_identity_v1_Jwks, Jwks__Output as _rcr_identity_v1_Jwks__Output } from '../../../rcr/identity/v1/Jwks.ts';
import type { KidRef as _rcr_identity_v1_KidRef, KidRef__Output as _rcr_identity_v1_KidRef__Output } from '../../../rcr/identity/v1/KidRef.ts';
import type { ListAuditEventsRequest as _rcr_identity_v1_ListAuditEventsRequest, ListAuditEventsRequest__Output as _rcr_identity_v1_ListAuditEventsRequest__Output } from '../../../rcr/identity/v1/ListAuditEventsRequest.ts';
import type { ListEditorsRequest as _rcr_identity_v1_ListEditorsRequest, ListEditorsRequest__Output as _rcr_identity_v1_ListEditorsRequest__Output } from '../../../rcr/identity/v1/ListEditorsRequest.ts';
import type { ListRevocationsRequest as _rcr_identity_v1_ListRevocationsRequest, ListRevocationsRequest__Output as _rcr_identity_v1_ListRevocationsRequest__Output } from '../../../rcr/identity/v1/ListRevocationsRequest.ts';
import type { LoginRequest as _rcr_identity_v1_LoginRequest, LoginRequest__Output as _rcr_identity_v1_LoginRequest__Output } from '../../../rcr/identity/v1/LoginRequest.ts';
import type { LogoutRequest as _rcr_identity_v1_LogoutRequest, LogoutRequest__Output as _rcr_identity_v1_LogoutRequest__Output } from '../../../rcr/identity/v1/LogoutRequest.ts';
import type { PartnerKey as _rcr_identity_v1_PartnerKey, PartnerKey__Output as _rcr_identity_v1_PartnerKey__Output } from '../../../rcr/identity/v1/PartnerKey.ts';
import type { PartnerKeyList as _rcr_identity_v1_PartnerKeyList, PartnerKeyList__Output as _rcr_identity_v1_PartnerKeyList__Output } from '../../../rcr/identity/v1/PartnerKeyList.ts';
import type { PartnerKeyRef as _rcr_identity_v1_PartnerKeyRef, PartnerKeyRef__Output as _rcr_identity_v1_PartnerKeyRef__Output } from '../../../rcr/identity/v1/PartnerKeyRef.ts';
import type { RefreshRequest as _rcr_identity_v1_RefreshRequest, RefreshRequest__Output as _rcr_identity_v1_RefreshRequest__Output } from '../../../rcr/identity/v1/RefreshRequest.ts';
import type { Revocations as _rcr_identity_v1_Revocations, Revocations__Output as _rcr_identity_v1_Revocations__Output } from '../../../rcr/identity/v1/Revocations.ts';
import type { SigningKeyList as _rcr_identity_v1_SigningKeyList, SigningKeyList__Output as _rcr_identity_v1_SigningKeyList__Output } from '../../../rcr/identity/v1/SigningKeyList.ts';
import type { TokenPair as _rcr_identity_v1_TokenPair, TokenPair__Output as _rcr_identity_v1_TokenPair__Output } from '../../../rcr/identity/v1/TokenPair.ts';
import type { UpdateEditorRequest as _rcr_identity_v1_UpdateEditorRequest, UpdateEditorRequest__Output as _rcr_identity_v1_UpdateEditorRequest__Output } from '../../../rcr/identity/v1/UpdateEditorRequest.ts';
import type { VerifyAuditLogRequest as _rcr_identity_v1_VerifyAuditLogRequest, VerifyAuditLogRequest__Output as _rcr_identity_v1_VerifyAuditLogRequest__Output } from '../../../rcr/identity/v1/VerifyAuditLogRequest.ts';
import type { VerifyPartnerKeyRequest as _rcr_identity_v1_VerifyPartnerKeyRequest, VerifyPartnerKeyRequest__Output as _rcr_identity_v1_VerifyPartnerKeyRequest__Output } from '../../../rcr/identity/v1/VerifyPartnerKeyRequest.ts';

/**
 * Editor accounts, sessions and signing keys. Called only by the gateway.
 */
export interface IdentityServiceClient extends grpc.Client {
  CreateEditor(argument: _rcr_identity_v1_CreateEditorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  CreateEditor(argument: _rcr_identity_v1_CreateEditorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  CreateEditor(argument: _rcr_identity_v1_CreateEditorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  CreateEditor(argument: _rcr_identity_v1_CreateEditorRequest, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  createEditor(argument: _rcr_identity_v1_CreateEditorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  createEditor(argument: _rcr_identity_v1_CreateEditorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  createEditor(argument: _rcr_identity_v1_CreateEditorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  createEditor(argument: _rcr_identity_v1_CreateEditorRequest, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: API keys of the partner gRPC API. The key itself is in the answer of CreatePartnerKey only;
   * the service keeps its SHA-256. A revoked key stays listed (with revoked_at) and never verifies again.
   */
  CreatePartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  CreatePartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  CreatePartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  CreatePartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: API keys of the partner gRPC API. The key itself is in the answer of CreatePartnerKey only;
   * the service keeps its SHA-256. A revoked key stays listed (with revoked_at) and never verifies again.
   */
  createPartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  createPartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  createPartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  createPartnerKey(argument: _rcr_identity_v1_CreatePartnerKeyRequest, callback: grpc.requestCallback<_rcr_identity_v1_CreatedPartnerKey__Output>): grpc.ClientUnaryCall;
  
  DeactivateEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeactivateEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeactivateEditor(argument: _rcr_identity_v1_EditorRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeactivateEditor(argument: _rcr_identity_v1_EditorRef, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  deactivateEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  deactivateEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  deactivateEditor(argument: _rcr_identity_v1_EditorRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  deactivateEditor(argument: _rcr_identity_v1_EditorRef, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  GetEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  GetEditor(argument: _rcr_identity_v1_EditorRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  GetEditor(argument: _rcr_identity_v1_EditorRef, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  getEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  getEditor(argument: _rcr_identity_v1_EditorRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  getEditor(argument: _rcr_identity_v1_EditorRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  getEditor(argument: _rcr_identity_v1_EditorRef, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  
  GetJwks(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  GetJwks(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  GetJwks(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  GetJwks(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_Jwks__Output>): grpc.ClientUnaryCall;
  
  GetPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  GetPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  GetPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  GetPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  getPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  getPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  getPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  getPartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: the audit log of editors' and admins' changes (who, what, when, versions), filtered, by cursor.
   */
  ListAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  ListAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  ListAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  ListAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: the audit log of editors' and admins' changes (who, what, when, versions), filtered, by cursor.
   */
  listAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  listAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  listAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  listAuditEvents(argument: _rcr_identity_v1_ListAuditEventsRequest, callback: grpc.requestCallback<_rcr_identity_v1_AuditEventList__Output>): grpc.ClientUnaryCall;
  
  ListEditors(argument: _rcr_identity_v1_ListEditorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  ListEditors(argument: _rcr_identity_v1_ListEditorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  ListEditors(argument: _rcr_identity_v1_ListEditorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  ListEditors(argument: _rcr_identity_v1_ListEditorsRequest, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  listEditors(argument: _rcr_identity_v1_ListEditorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  listEditors(argument: _rcr_identity_v1_ListEditorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  listEditors(argument: _rcr_identity_v1_ListEditorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  listEditors(argument: _rcr_identity_v1_ListEditorsRequest, callback: grpc.requestCallback<_rcr_identity_v1_EditorList__Output>): grpc.ClientUnaryCall;
  
  ListPartnerKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  ListPartnerKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  ListPartnerKeys(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  ListPartnerKeys(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  listPartnerKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  listPartnerKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  listPartnerKeys(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  listPartnerKeys(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKeyList__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sessions revoked, and editors whose earlier tokens are void, since a time (gateways resync with it).
   */
  ListRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  ListRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  ListRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  ListRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  /**
   * Sessions revoked, and editors whose earlier tokens are void, since a time (gateways resync with it).
   */
  listRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  listRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  listRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  listRevocations(argument: _rcr_identity_v1_ListRevocationsRequest, callback: grpc.requestCallback<_rcr_identity_v1_Revocations__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: the signing keys, a new active one (the old one still verifies), or one removed for good.
   */
  ListSigningKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  ListSigningKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  ListSigningKeys(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  ListSigningKeys(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: the signing keys, a new active one (the old one still verifies), or one removed for good.
   */
  listSigningKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  
  Login(argument: _rcr_identity_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  Login(argument: _rcr_identity_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  Login(argument: _rcr_identity_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  Login(argument: _rcr_identity_v1_LoginRequest, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  login(argument: _rcr_identity_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  login(argument: _rcr_identity_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  login(argument: _rcr_identity_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  login(argument: _rcr_identity_v1_LoginRequest, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  
  Logout(argument: _rcr_identity_v1_LogoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  Logout(argument: _rcr_identity_v1_LogoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  Logout(argument: _rcr_identity_v1_LogoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  Logout(argument: _rcr_identity_v1_LogoutRequest, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _rcr_identity_v1_LogoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _rcr_identity_v1_LogoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _rcr_identity_v1_LogoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _rcr_identity_v1_LogoutRequest, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  Refresh(argument: _rcr_identity_v1_RefreshRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  Refresh(argument: _rcr_identity_v1_RefreshRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  Refresh(argument: _rcr_identity_v1_RefreshRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  Refresh(argument: _rcr_identity_v1_RefreshRequest, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  refresh(argument: _rcr_identity_v1_RefreshRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  refresh(argument: _rcr_identity_v1_RefreshRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  refresh(argument: _rcr_identity_v1_RefreshRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  refresh(argument: _rcr_identity_v1_RefreshRequest, callback: grpc.requestCallback<_rcr_identity_v1_TokenPair__Output>): grpc.ClientUnaryCall;
  
  RetireSigningKey(argument: _rcr_identity_v1_KidRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  RetireSigningKey(argument: _rcr_identity_v1_KidRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  RetireSigningKey(argument: _rcr_identity_v1_KidRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  RetireSigningKey(argument: _rcr_identity_v1_KidRef, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  retireSigningKey(argument: _rcr_identity_v1_KidRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  retireSigningKey(argument: _rcr_identity_v1_KidRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  retireSigningKey(argument: _rcr_identity_v1_KidRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  retireSigningKey(argument: _rcr_identity_v1_KidRef, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  
  RevokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  RevokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  RevokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  RevokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokePartnerKey(argument: _rcr_identity_v1_PartnerKeyRef, callback: grpc.requestCallback<_rcr_identity_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RotateSigningKey(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  RotateSigningKey(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  RotateSigningKey(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  RotateSigningKey(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _rcr_identity_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _rcr_identity_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _rcr_identity_v1_Empty, callback: grpc.requestCallback<_rcr_identity_v1_SigningKeyList__Output>): grpc.ClientUnaryCall;
  
  UpdateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  UpdateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  UpdateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  UpdateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  updateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  updateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  updateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  updateEditor(argument: _rcr_identity_v1_UpdateEditorRequest, callback: grpc.requestCallback<_rcr_identity_v1_Editor__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: walks the audit log's hash chain (or a stretch of it) and says whether every row is intact.
   */
  VerifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  VerifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  VerifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  VerifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: walks the audit log's hash chain (or a stretch of it) and says whether every row is intact.
   */
  verifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  verifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  verifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  verifyAuditLog(argument: _rcr_identity_v1_VerifyAuditLogRequest, callback: grpc.requestCallback<_rcr_identity_v1_AuditVerification__Output>): grpc.ClientUnaryCall;
  
  /**
   * The key's record when `key` is a live partner key; UNAUTHENTICATED (PARTNER_KEY_INVALID) otherwise.
   */
  VerifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  VerifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  VerifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  VerifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  /**
   * The key's record when `key` is a live partner key; UNAUTHENTICATED (PARTNER_KEY_INVALID) otherwise.
   */
  verifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  verifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  verifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  verifyPartnerKey(argument: _rcr_identity_v1_VerifyPartnerKeyRequest, callback: grpc.requestCallback<_rcr_identity_v1_PartnerKey__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Editor accounts, sessions and signing keys. Called only by the gateway.
 */
export interface IdentityServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateEditor: grpc.handleUnaryCall<_rcr_identity_v1_CreateEditorRequest__Output, _rcr_identity_v1_Editor>;
  
  /**
   * Admins: API keys of the partner gRPC API. The key itself is in the answer of CreatePartnerKey only;
   * the service keeps its SHA-256. A revoked key stays listed (with revoked_at) and never verifies again.
   */
  CreatePartnerKey: grpc.handleUnaryCall<_rcr_identity_v1_CreatePartnerKeyRequest__Output, _rcr_identity_v1_CreatedPartnerKey>;
  
  DeactivateEditor: grpc.handleUnaryCall<_rcr_identity_v1_EditorRef__Output, _rcr_identity_v1_Empty>;
  
  GetEditor: grpc.handleUnaryCall<_rcr_identity_v1_EditorRef__Output, _rcr_identity_v1_Editor>;
  
  GetJwks: grpc.handleUnaryCall<_rcr_identity_v1_Empty__Output, _rcr_identity_v1_Jwks>;
  
  GetPartnerKey: grpc.handleUnaryCall<_rcr_identity_v1_PartnerKeyRef__Output, _rcr_identity_v1_PartnerKey>;
  
  /**
   * Admins: the audit log of editors' and admins' changes (who, what, when, versions), filtered, by cursor.
   */
  ListAuditEvents: grpc.handleUnaryCall<_rcr_identity_v1_ListAuditEventsRequest__Output, _rcr_identity_v1_AuditEventList>;
  
  ListEditors: grpc.handleUnaryCall<_rcr_identity_v1_ListEditorsRequest__Output, _rcr_identity_v1_EditorList>;
  
  ListPartnerKeys: grpc.handleUnaryCall<_rcr_identity_v1_Empty__Output, _rcr_identity_v1_PartnerKeyList>;
  
  /**
   * Sessions revoked, and editors whose earlier tokens are void, since a time (gateways resync with it).
   */
  ListRevocations: grpc.handleUnaryCall<_rcr_identity_v1_ListRevocationsRequest__Output, _rcr_identity_v1_Revocations>;
  
  /**
   * Admins: the signing keys, a new active one (the old one still verifies), or one removed for good.
   */
  ListSigningKeys: grpc.handleUnaryCall<_rcr_identity_v1_Empty__Output, _rcr_identity_v1_SigningKeyList>;
  
  Login: grpc.handleUnaryCall<_rcr_identity_v1_LoginRequest__Output, _rcr_identity_v1_TokenPair>;
  
  Logout: grpc.handleUnaryCall<_rcr_identity_v1_LogoutRequest__Output, _rcr_identity_v1_Empty>;
  
  Refresh: grpc.handleUnaryCall<_rcr_identity_v1_RefreshRequest__Output, _rcr_identity_v1_TokenPair>;
  
  RetireSigningKey: grpc.handleUnaryCall<_rcr_identity_v1_KidRef__Output, _rcr_identity_v1_SigningKeyList>;
  
  RevokePartnerKey: grpc.handleUnaryCall<_rcr_identity_v1_PartnerKeyRef__Output, _rcr_identity_v1_Empty>;
  
  RotateSigningKey: grpc.handleUnaryCall<_rcr_identity_v1_Empty__Output, _rcr_identity_v1_SigningKeyList>;
  
  UpdateEditor: grpc.handleUnaryCall<_rcr_identity_v1_UpdateEditorRequest__Output, _rcr_identity_v1_Editor>;
  
  /**
   * Admins: walks the audit log's hash chain (or a stretch of it) and says whether every row is intact.
   */
  VerifyAuditLog: grpc.handleUnaryCall<_rcr_identity_v1_VerifyAuditLogRequest__Output, _rcr_identity_v1_AuditVerification>;
  
  /**
   * The key's record when `key` is a live partner key; UNAUTHENTICATED (PARTNER_KEY_INVALID) otherwise.
   */
  VerifyPartnerKey: grpc.handleUnaryCall<_rcr_identity_v1_VerifyPartnerKeyRequest__Output, _rcr_identity_v1_PartnerKey>;
  
}

export interface IdentityServiceDefinition extends grpc.ServiceDefinition {
  CreateEditor: MethodDefinition<_rcr_identity_v1_CreateEditorRequest, _rcr_identity_v1_Editor, _rcr_identity_v1_CreateEditorRequest__Output, _rcr_identity_v1_Editor__Output>
  CreatePartnerKey: MethodDefinition<_rcr_identity_v1_CreatePartnerKeyRequest, _rcr_identity_v1_CreatedPartnerKey, _rcr_identity_v1_CreatePartnerKeyRequest__Output, _rcr_identity_v1_CreatedPartnerKey__Output>
  DeactivateEditor: MethodDefinition<_rcr_identity_v1_EditorRef, _rcr_identity_v1_Empty, _rcr_identity_v1_EditorRef__Output, _rcr_identity_v1_Empty__Output>
  GetEditor: MethodDefinition<_rcr_identity_v1_EditorRef, _rcr_identity_v1_Editor, _rcr_identity_v1_EditorRef__Output, _rcr_identity_v1_Editor__Output>
  GetJwks: MethodDefinition<_rcr_identity_v1_Empty, _rcr_identity_v1_Jwks, _rcr_identity_v1_Empty__Output, _rcr_identity_v1_Jwks__Output>
  GetPartnerKey: MethodDefinition<_rcr_identity_v1_PartnerKeyRef, _rcr_identity_v1_PartnerKey, _rcr_identity_v1_PartnerKeyRef__Output, _rcr_identity_v1_PartnerKey__Output>
  ListAuditEvents: MethodDefinition<_rcr_identity_v1_ListAuditEventsRequest, _rcr_identity_v1_AuditEventList, _rcr_identity_v1_ListAuditEventsRequest__Output, _rcr_identity_v1_AuditEventList__Output>
  ListEditors: MethodDefinition<_rcr_identity_v1_ListEditorsRequest, _rcr_identity_v1_EditorList, _rcr_identity_v1_ListEditorsRequest__Output, _rcr_identity_v1_EditorList__Output>
  ListPartnerKeys: MethodDefinition<_rcr_identity_v1_Empty, _rcr_identity_v1_PartnerKeyList, _rcr_identity_v1_Empty__Output, _rcr_identity_v1_PartnerKeyList__Output>
  ListRevocations: MethodDefinition<_rcr_identity_v1_ListRevocationsRequest, _rcr_identity_v1_Revocations, _rcr_identity_v1_ListRevocationsRequest__Output, _rcr_identity_v1_Revocations__Output>
  ListSigningKeys: MethodDefinition<_rcr_identity_v1_Empty, _rcr_identity_v1_SigningKeyList, _rcr_identity_v1_Empty__Output, _rcr_identity_v1_SigningKeyList__Output>
  Login: MethodDefinition<_rcr_identity_v1_LoginRequest, _rcr_identity_v1_TokenPair, _rcr_identity_v1_LoginRequest__Output, _rcr_identity_v1_TokenPair__Output>
  Logout: MethodDefinition<_rcr_identity_v1_LogoutRequest, _rcr_identity_v1_Empty, _rcr_identity_v1_LogoutRequest__Output, _rcr_identity_v1_Empty__Output>
  Refresh: MethodDefinition<_rcr_identity_v1_RefreshRequest, _rcr_identity_v1_TokenPair, _rcr_identity_v1_RefreshRequest__Output, _rcr_identity_v1_TokenPair__Output>
  RetireSigningKey: MethodDefinition<_rcr_identity_v1_KidRef, _rcr_identity_v1_SigningKeyList, _rcr_identity_v1_KidRef__Output, _rcr_identity_v1_SigningKeyList__Output>
  RevokePartnerKey: MethodDefinition<_rcr_identity_v1_PartnerKeyRef, _rcr_identity_v1_Empty, _rcr_identity_v1_PartnerKeyRef__Output, _rcr_identity_v1_Empty__Output>
  RotateSigningKey: MethodDefinition<_rcr_identity_v1_Empty, _rcr_identity_v1_SigningKeyList, _rcr_identity_v1_Empty__Output, _rcr_identity_v1_SigningKeyList__Output>
  UpdateEditor: MethodDefinition<_rcr_identity_v1_UpdateEditorRequest, _rcr_identity_v1_Editor, _rcr_identity_v1_UpdateEditorRequest__Output, _rcr_identity_v1_Editor__Output>
  VerifyAuditLog: MethodDefinition<_rcr_identity_v1_VerifyAuditLogRequest, _rcr_identity_v1_AuditVerification, _rcr_identity_v1_VerifyAuditLogRequest__Output, _rcr_identity_v1_AuditVerification__Output>
  VerifyPartnerKey: MethodDefinition<_rcr_identity_v1_VerifyPartnerKeyRequest, _rcr_identity_v1_PartnerKey, _rcr_identity_v1_VerifyPartnerKeyRequest__Output, _rcr_identity_v1_PartnerKey__Output>
}
