export {
  ALLOCATING_STATUSES,
  OPEN_ORDER_STATUSES,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  assertOrderTransition,
  canTransition,
  effectiveStatus,
} from './order-status.ts';
export type { OrderStatus } from './order-status.ts';
export { findOrder, loadOrderLines, openLineQuantity, orderEntityIds, requireOrder } from './order-record.ts';
export type { OrderLineRecord, OrderRecord, ShippingAddress } from './order-record.ts';
export { recordOrderEvent } from './order-events.ts';
export type { OrderEventInput, OrderEventType } from './order-events.ts';
export { transitionOrder } from './transition-order.ts';
export { HOLD_REASON_CODES, HOLD_REASONS, listOrderHolds } from './order-holds.ts';
export type { HoldReasonCode, OrderHold } from './order-holds.ts';
export { createOrder, createOrderInputSchema, shippingAddressSchema } from './create-order.ts';
export type { CreateOrderInput } from './create-order.ts';
export { allocateBackorders, demoteAfterReservationLoss, progressOrder } from './progress-order.ts';
export { PAYMENT_PENDING_RESERVATION_HOURS, allocateOrder } from './allocate-order.ts';
export type { AllocationResult } from './allocate-order.ts';
export { paymentReadiness } from './payment-readiness.ts';
export type { PaymentReadiness } from './payment-readiness.ts';
export { placeOrderHold, placeOrderHoldInputSchema, releaseOrderHold, releaseOrderHoldInputSchema } from './order-hold-operations.ts';
export type { HoldResult, PlaceOrderHoldInput, ReleaseOrderHoldInput } from './order-hold-operations.ts';
export { cancelOrder, cancelOrderInputSchema } from './cancel-order.ts';
export type { CancelOrderInput } from './cancel-order.ts';
export { releaseReservation, releaseReservationInputSchema } from './release-reservation.ts';
export type { ReleaseReservationInput, ReleasedReservation } from './release-reservation.ts';
export { expireReservations } from './expire-reservations.ts';
export type { ExpiredReservation } from './expire-reservations.ts';
export { REALLOCATION_REASON_CODES, reallocateOrderLine, reallocateOrderLineInputSchema } from './reallocate-order-line.ts';
export type { ReallocateOrderLineInput, Reallocation } from './reallocate-order-line.ts';
export { overridePrice, overridePriceInputSchema } from './override-price.ts';
export type { OverridePriceInput, PriceOverride } from './override-price.ts';
export { correctShippingAddress, correctShippingAddressInputSchema } from './correct-shipping-address.ts';
export type { CorrectShippingAddressInput } from './correct-shipping-address.ts';
export { NOTICE_CHANNELS } from './customer-notice.ts';
export type { CustomerNotice } from './customer-notice.ts';
export { sendBackorderNotice, sendBackorderNoticeInputSchema } from './send-backorder-notice.ts';
export type { BackorderNotice, SendBackorderNoticeInput } from './send-backorder-notice.ts';
export { sendDelayNotice, sendDelayNoticeInputSchema } from './send-delay-notice.ts';
export type { DelayNotice, SendDelayNoticeInput } from './send-delay-notice.ts';
export { expediteOrder, expediteOrderInputSchema } from './expedite-order.ts';
export type { ExpediteOrderInput, OrderExpedite } from './expedite-order.ts';
export { getOrder } from './get-order.ts';
export type { OrderDetail } from './get-order.ts';
export { searchOrders, searchOrdersInputSchema } from './search-orders.ts';
export type { OrderSummary, SearchOrdersInput } from './search-orders.ts';
export { orderTimeline } from './order-timeline.ts';
export type { OrderTimelineEntry } from './order-timeline.ts';
export { addressValidationFailedInputSchema, recordAddressValidationFailure } from './address-validation.ts';
export type { AddressValidationFailedInput } from './address-validation.ts';
export { orderFlowQuerySchema, readOrderFlows } from './order-flow-history.ts';
export type { OrderFlow, OrderFlowQuery } from './order-flow-history.ts';
export { atsAccuracy } from './ats-accuracy.ts';
export type { AtsAccuracyCell, AtsAccuracyStat } from './ats-accuracy.ts';
export { backorderDuration } from './backorder-duration.ts';
export type { BackorderDurationStat } from './backorder-duration.ts';
export { channelMargins, fulfilmentCostsSchema } from './channel-margin.ts';
export type { ChannelMargin, ChannelMarginStat, FulfilmentCosts } from './channel-margin.ts';
export { channelDemandQuerySchema, readChannelDemand } from './channel-demand.ts';
export type { ChannelDemand } from './channel-demand.ts';
