import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CreateEndpointRequest as _rcr_webhooks_v1_CreateEndpointRequest, CreateEndpointRequest__Output as _rcr_webhooks_v1_CreateEndpointRequest__Output } from './rcr/webhooks/v1/CreateEndpointRequest.ts';
import type { Delivery as _rcr_webhooks_v1_Delivery, Delivery__Output as _rcr_webhooks_v1_Delivery__Output } from './rcr/webhooks/v1/Delivery.ts';
import type { DeliveryAttempt as _rcr_webhooks_v1_DeliveryAttempt, DeliveryAttempt__Output as _rcr_webhooks_v1_DeliveryAttempt__Output } from './rcr/webhooks/v1/DeliveryAttempt.ts';
import type { DeliveryList as _rcr_webhooks_v1_DeliveryList, DeliveryList__Output as _rcr_webhooks_v1_DeliveryList__Output } from './rcr/webhooks/v1/DeliveryList.ts';
import type { DeliveryRef as _rcr_webhooks_v1_DeliveryRef, DeliveryRef__Output as _rcr_webhooks_v1_DeliveryRef__Output } from './rcr/webhooks/v1/DeliveryRef.ts';
import type { Empty as _rcr_webhooks_v1_Empty, Empty__Output as _rcr_webhooks_v1_Empty__Output } from './rcr/webhooks/v1/Empty.ts';
import type { Endpoint as _rcr_webhooks_v1_Endpoint, Endpoint__Output as _rcr_webhooks_v1_Endpoint__Output } from './rcr/webhooks/v1/Endpoint.ts';
import type { EndpointList as _rcr_webhooks_v1_EndpointList, EndpointList__Output as _rcr_webhooks_v1_EndpointList__Output } from './rcr/webhooks/v1/EndpointList.ts';
import type { EndpointRef as _rcr_webhooks_v1_EndpointRef, EndpointRef__Output as _rcr_webhooks_v1_EndpointRef__Output } from './rcr/webhooks/v1/EndpointRef.ts';
import type { EndpointWithSecret as _rcr_webhooks_v1_EndpointWithSecret, EndpointWithSecret__Output as _rcr_webhooks_v1_EndpointWithSecret__Output } from './rcr/webhooks/v1/EndpointWithSecret.ts';
import type { EventTypes as _rcr_webhooks_v1_EventTypes, EventTypes__Output as _rcr_webhooks_v1_EventTypes__Output } from './rcr/webhooks/v1/EventTypes.ts';
import type { InboundReceipt as _rcr_webhooks_v1_InboundReceipt, InboundReceipt__Output as _rcr_webhooks_v1_InboundReceipt__Output } from './rcr/webhooks/v1/InboundReceipt.ts';
import type { ListDeliveriesRequest as _rcr_webhooks_v1_ListDeliveriesRequest, ListDeliveriesRequest__Output as _rcr_webhooks_v1_ListDeliveriesRequest__Output } from './rcr/webhooks/v1/ListDeliveriesRequest.ts';
import type { SignedMessage as _rcr_webhooks_v1_SignedMessage, SignedMessage__Output as _rcr_webhooks_v1_SignedMessage__Output } from './rcr/webhooks/v1/SignedMessage.ts';
import type { UpdateEndpointRequest as _rcr_webhooks_v1_UpdateEndpointRequest, UpdateEndpointRequest__Output as _rcr_webhooks_v1_UpdateEndpointRequest__Output } from './rcr/webhooks/v1/UpdateEndpointRequest.ts';
import type { WebhooksServiceClient as _rcr_webhooks_v1_WebhooksServiceClient, WebhooksServiceDefinition as _rcr_webhooks_v1_WebhooksServiceDefinition } from './rcr/webhooks/v1/WebhooksService.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rcr: {
    webhooks: {
      v1: {
        CreateEndpointRequest: MessageTypeDefinition<_rcr_webhooks_v1_CreateEndpointRequest, _rcr_webhooks_v1_CreateEndpointRequest__Output>
        Delivery: MessageTypeDefinition<_rcr_webhooks_v1_Delivery, _rcr_webhooks_v1_Delivery__Output>
        DeliveryAttempt: MessageTypeDefinition<_rcr_webhooks_v1_DeliveryAttempt, _rcr_webhooks_v1_DeliveryAttempt__Output>
        DeliveryList: MessageTypeDefinition<_rcr_webhooks_v1_DeliveryList, _rcr_webhooks_v1_DeliveryList__Output>
        DeliveryRef: MessageTypeDefinition<_rcr_webhooks_v1_DeliveryRef, _rcr_webhooks_v1_DeliveryRef__Output>
        Empty: MessageTypeDefinition<_rcr_webhooks_v1_Empty, _rcr_webhooks_v1_Empty__Output>
        Endpoint: MessageTypeDefinition<_rcr_webhooks_v1_Endpoint, _rcr_webhooks_v1_Endpoint__Output>
        EndpointList: MessageTypeDefinition<_rcr_webhooks_v1_EndpointList, _rcr_webhooks_v1_EndpointList__Output>
        EndpointRef: MessageTypeDefinition<_rcr_webhooks_v1_EndpointRef, _rcr_webhooks_v1_EndpointRef__Output>
        EndpointWithSecret: MessageTypeDefinition<_rcr_webhooks_v1_EndpointWithSecret, _rcr_webhooks_v1_EndpointWithSecret__Output>
        EventTypes: MessageTypeDefinition<_rcr_webhooks_v1_EventTypes, _rcr_webhooks_v1_EventTypes__Output>
        InboundReceipt: MessageTypeDefinition<_rcr_webhooks_v1_InboundReceipt, _rcr_webhooks_v1_InboundReceipt__Output>
        ListDeliveriesRequest: MessageTypeDefinition<_rcr_webhooks_v1_ListDeliveriesRequest, _rcr_webhooks_v1_ListDeliveriesRequest__Output>
        SignedMessage: MessageTypeDefinition<_rcr_webhooks_v1_SignedMessage, _rcr_webhooks_v1_SignedMessage__Output>
        UpdateEndpointRequest: MessageTypeDefinition<_rcr_webhooks_v1_UpdateEndpointRequest, _rcr_webhooks_v1_UpdateEndpointRequest__Output>
        /**
         * Webhooks: endpoints partners register (admins only), their delivery logs, and the signed inbound
         * price feed. Called only by the gateway.
         */
        WebhooksService: SubtypeConstructor<typeof grpc.Client, _rcr_webhooks_v1_WebhooksServiceClient> & { service: _rcr_webhooks_v1_WebhooksServiceDefinition }
      }
    }
  }
}

