// Original file: proto/webhooks.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateEndpointRequest as _rcr_webhooks_v1_CreateEndpointRequest, CreateEndpointRequest__Output as _rcr_webhooks_v1_CreateEndpointRequest__Output } from '../../../rcr/webhooks/v1/CreateEndpointRequest.ts';
import type { Delivery as _rcr_webhooks_v1_Delivery, Delivery__Output as _rcr_webhooks_v1_Delivery__Output } from '../../../rcr/webhooks/v1/Delivery.ts';
import type { DeliveryList as _rcr_webhooks_v1_DeliveryList, DeliveryList__Output as _rcr_webhooks_v1_DeliveryList__Output } from '../../../rcr/webhooks/v1/DeliveryList.ts';
import type { DeliveryRef as _rcr_webhooks_v1_DeliveryRef, DeliveryRef__Output as _rcr_webhooks_v1_DeliveryRef__Output } from '../../../rcr/webhooks/v1/DeliveryRef.ts';
import type { Empty as _rcr_webhooks_v1_Empty, Empty__Output as _rcr_webhooks_v1_Empty__Output } from '../../../rcr/webhooks/v1/Empty.ts';
import type { Endpoint as _rcr_webhooks_v1_Endpoint, Endpoint__Output as _rcr_webhooks_v1_Endpoint__Output } from '../../../rcr/webhooks/v1/Endpoint.ts';
import type { EndpointList as _rcr_webhooks_v1_EndpointList, EndpointList__Output as _rcr_webhooks_v1_EndpointList__Output } from '../../../rcr/webhooks/v1/EndpointList.ts';
import type { EndpointRef as _rcr_webhooks_v1_EndpointRef, EndpointRef__Output as _rcr_webhooks_v1_EndpointRef__Output } from '../../../rcr/webhooks/v1/EndpointRef.ts';
import type { EndpointWithSecret as _rcr_webhooks_v1_EndpointWithSecret, EndpointWithSecret__Output as _rcr_webhooks_v1_EndpointWithSecret__Output } from '../../../rcr/webhooks/v1/EndpointWithSecret.ts';
import type { InboundReceipt as _rcr_webhooks_v1_InboundReceipt, InboundReceipt__Output as _rcr_webhooks_v1_InboundReceipt__Output } from '../../../rcr/webhooks/v1/InboundReceipt.ts';
import type { ListDeliveriesRequest as _rcr_webhooks_v1_ListDeliveriesRequest, ListDeliveriesRequest__Output as _rcr_webhooks_v1_ListDeliveriesRequest__Output } from '../../../rcr/webhooks/v1/ListDeliveriesRequest.ts';
import type { SignedMessage as _rcr_webhooks_v1_SignedMessage, SignedMessage__Output as _rcr_webhooks_v1_SignedMessage__Output } from '../../../rcr/webhooks/v1/SignedMessage.ts';
import type { UpdateEndpointRequest as _rcr_webhooks_v1_UpdateEndpointRequest, UpdateEndpointRequest__Output as _rcr_webhooks_v1_UpdateEndpointRequest__Output } from '../../../rcr/webhooks/v1/UpdateEndpointRequest.ts';

/**
 * Webhooks: endpoints partners register (admins only), their delivery logs, and the signed inbound
 * price feed. Called only by the gateway.
 */
export interface WebhooksServiceClient extends grpc.Client {
  /**
   * A new endpoint; its signing secret is in this answer only (stored encrypted, never shown again).
   */
  CreateEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  CreateEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  CreateEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  CreateEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  /**
   * A new endpoint; its signing secret is in this answer only (stored encrypted, never shown again).
   */
  createEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  createEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  createEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  createEndpoint(argument: _rcr_webhooks_v1_CreateEndpointRequest, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes the endpoint and its delivery log; nothing more is delivered to it.
   */
  DeleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Removes the endpoint and its delivery log; nothing more is delivered to it.
   */
  deleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteEndpoint(argument: _rcr_webhooks_v1_EndpointRef, callback: grpc.requestCallback<_rcr_webhooks_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  GetEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  GetEndpoint(argument: _rcr_webhooks_v1_EndpointRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  GetEndpoint(argument: _rcr_webhooks_v1_EndpointRef, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  getEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  getEndpoint(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  getEndpoint(argument: _rcr_webhooks_v1_EndpointRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  getEndpoint(argument: _rcr_webhooks_v1_EndpointRef, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  
  /**
   * The endpoint's deliveries, newest first, each with its attempts.
   */
  ListDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  ListDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  ListDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  ListDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  /**
   * The endpoint's deliveries, newest first, each with its attempts.
   */
  listDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _rcr_webhooks_v1_ListDeliveriesRequest, callback: grpc.requestCallback<_rcr_webhooks_v1_DeliveryList__Output>): grpc.ClientUnaryCall;
  
  ListEndpoints(argument: _rcr_webhooks_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  ListEndpoints(argument: _rcr_webhooks_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  ListEndpoints(argument: _rcr_webhooks_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  ListEndpoints(argument: _rcr_webhooks_v1_Empty, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _rcr_webhooks_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _rcr_webhooks_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _rcr_webhooks_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _rcr_webhooks_v1_Empty, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointList__Output>): grpc.ClientUnaryCall;
  
  /**
   * A partner's signed price report, as received (the raw body bytes are what the signature covers).
   */
  ReceivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  ReceivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  ReceivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  ReceivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  /**
   * A partner's signed price report, as received (the raw body bytes are what the signature covers).
   */
  receivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  receivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  receivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  receivePriceReport(argument: _rcr_webhooks_v1_SignedMessage, callback: grpc.requestCallback<_rcr_webhooks_v1_InboundReceipt__Output>): grpc.ClientUnaryCall;
  
  /**
   * Schedules one more attempt of a delivery now (same webhook-id).
   */
  RetryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  RetryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  RetryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  RetryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  /**
   * Schedules one more attempt of a delivery now (same webhook-id).
   */
  retryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  retryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  retryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  retryDelivery(argument: _rcr_webhooks_v1_DeliveryRef, callback: grpc.requestCallback<_rcr_webhooks_v1_Delivery__Output>): grpc.ClientUnaryCall;
  
  /**
   * A new secret (in this answer only); the previous one keeps signing too for a while (two signatures).
   */
  RotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  RotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  RotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  RotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  /**
   * A new secret (in this answer only); the previous one keeps signing too for a while (two signatures).
   */
  rotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  rotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  rotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  rotateEndpointSecret(argument: _rcr_webhooks_v1_EndpointRef, callback: grpc.requestCallback<_rcr_webhooks_v1_EndpointWithSecret__Output>): grpc.ClientUnaryCall;
  
  UpdateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  UpdateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  UpdateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  UpdateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  updateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  updateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  updateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  updateEndpoint(argument: _rcr_webhooks_v1_UpdateEndpointRequest, callback: grpc.requestCallback<_rcr_webhooks_v1_Endpoint__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Webhooks: endpoints partners register (admins only), their delivery logs, and the signed inbound
 * price feed. Called only by the gateway.
 */
export interface WebhooksServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * A new endpoint; its signing secret is in this answer only (stored encrypted, never shown again).
   */
  CreateEndpoint: grpc.handleUnaryCall<_rcr_webhooks_v1_CreateEndpointRequest__Output, _rcr_webhooks_v1_EndpointWithSecret>;
  
  /**
   * Removes the endpoint and its delivery log; nothing more is delivered to it.
   */
  DeleteEndpoint: grpc.handleUnaryCall<_rcr_webhooks_v1_EndpointRef__Output, _rcr_webhooks_v1_Empty>;
  
  GetEndpoint: grpc.handleUnaryCall<_rcr_webhooks_v1_EndpointRef__Output, _rcr_webhooks_v1_Endpoint>;
  
  /**
   * The endpoint's deliveries, newest first, each with its attempts.
   */
  ListDeliveries: grpc.handleUnaryCall<_rcr_webhooks_v1_ListDeliveriesRequest__Output, _rcr_webhooks_v1_DeliveryList>;
  
  ListEndpoints: grpc.handleUnaryCall<_rcr_webhooks_v1_Empty__Output, _rcr_webhooks_v1_EndpointList>;
  
  /**
   * A partner's signed price report, as received (the raw body bytes are what the signature covers).
   */
  ReceivePriceReport: grpc.handleUnaryCall<_rcr_webhooks_v1_SignedMessage__Output, _rcr_webhooks_v1_InboundReceipt>;
  
  /**
   * Schedules one more attempt of a delivery now (same webhook-id).
   */
  RetryDelivery: grpc.handleUnaryCall<_rcr_webhooks_v1_DeliveryRef__Output, _rcr_webhooks_v1_Delivery>;
  
  /**
   * A new secret (in this answer only); the previous one keeps signing too for a while (two signatures).
   */
  RotateEndpointSecret: grpc.handleUnaryCall<_rcr_webhooks_v1_EndpointRef__Output, _rcr_webhooks_v1_EndpointWithSecret>;
  
  UpdateEndpoint: grpc.handleUnaryCall<_rcr_webhooks_v1_UpdateEndpointRequest__Output, _rcr_webhooks_v1_Endpoint>;
  
}

export interface WebhooksServiceDefinition extends grpc.ServiceDefinition {
  CreateEndpoint: MethodDefinition<_rcr_webhooks_v1_CreateEndpointRequest, _rcr_webhooks_v1_EndpointWithSecret, _rcr_webhooks_v1_CreateEndpointRequest__Output, _rcr_webhooks_v1_EndpointWithSecret__Output>
  DeleteEndpoint: MethodDefinition<_rcr_webhooks_v1_EndpointRef, _rcr_webhooks_v1_Empty, _rcr_webhooks_v1_EndpointRef__Output, _rcr_webhooks_v1_Empty__Output>
  GetEndpoint: MethodDefinition<_rcr_webhooks_v1_EndpointRef, _rcr_webhooks_v1_Endpoint, _rcr_webhooks_v1_EndpointRef__Output, _rcr_webhooks_v1_Endpoint__Output>
  ListDeliveries: MethodDefinition<_rcr_webhooks_v1_ListDeliveriesRequest, _rcr_webhooks_v1_DeliveryList, _rcr_webhooks_v1_ListDeliveriesRequest__Output, _rcr_webhooks_v1_DeliveryList__Output>
  ListEndpoints: MethodDefinition<_rcr_webhooks_v1_Empty, _rcr_webhooks_v1_EndpointList, _rcr_webhooks_v1_Empty__Output, _rcr_webhooks_v1_EndpointList__Output>
  ReceivePriceReport: MethodDefinition<_rcr_webhooks_v1_SignedMessage, _rcr_webhooks_v1_InboundReceipt, _rcr_webhooks_v1_SignedMessage__Output, _rcr_webhooks_v1_InboundReceipt__Output>
  RetryDelivery: MethodDefinition<_rcr_webhooks_v1_DeliveryRef, _rcr_webhooks_v1_Delivery, _rcr_webhooks_v1_DeliveryRef__Output, _rcr_webhooks_v1_Delivery__Output>
  RotateEndpointSecret: MethodDefinition<_rcr_webhooks_v1_EndpointRef, _rcr_webhooks_v1_EndpointWithSecret, _rcr_webhooks_v1_EndpointRef__Output, _rcr_webhooks_v1_EndpointWithSecret__Output>
  UpdateEndpoint: MethodDefinition<_rcr_webhooks_v1_UpdateEndpointRequest, _rcr_webhooks_v1_Endpoint, _rcr_webhooks_v1_UpdateEndpointRequest__Output, _rcr_webhooks_v1_Endpoint__Output>
}
