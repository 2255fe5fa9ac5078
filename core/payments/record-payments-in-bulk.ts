/**
 * Set-based authorisations and captures for a run of payment events (a slice of a batch): the same
 * rows as authorizePayment / capturePayment once per event — the payment, the order log, the release
 * of a reserved order the payment now covers — in about six statements for the run instead of about
 * twelve per event.
 *
 * Only the common case is taken; the first event that needs more stops the run and is left to the
 * one-by-one path (which also raises its error): an unknown order or one given by id, an order or a
 * PSP reference that comes twice in the run (the second depends on the first), an authorisation
 * already recorded, a capture of another order's payment or of a voided or failed one, an order
 * earlier in its cycle than reserved (its progress is validation and allocation).
 */
import type { Tx } from '../db/database.ts';
import { type ChangeContext, resolveContext } from '../domain/change-context.ts';
import { isUuid } from '../domain/references.ts';
import type { OrderEventRow } from '../orders/order-events.ts';
import { ORDER_COLUMNS, type OrderRecord } from '../orders/order-record.ts';
import { PAYMENT_PROGRESS_STATUSES, progressOrdersAfterPayment } from '../orders/progress-orders-after-payment.ts';
import {
  type AuthorizePaymentInput,
  authorizePaymentInputSchema,
  type CapturePaymentInput,
  capturePaymentInputSchema,
  PAYMENT_COLUMNS,
  type PaymentRecord,
} from './payments.ts';

export interface PaymentEvent<Input> {
  input: Input;
  context: ChangeContext;
}

/** What each applied event touched, in order: its order (the caller adds customer and SKUs). */
export interface RecordedPayment {
  orderId: string;
}

const referenceKey = (psp: string, reference: string) => `${psp}\u0000${reference}`;

async function lockOrders(tx: Tx, numbers: readonly string[]): Promise<Map<string, OrderRecord>> {
  // In id order, as concurrent writers of the same orders would lock them one by one.
  const result = await tx.query<OrderRecord>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.number = ANY($1::text[]) ORDER BY o.id FOR UPDATE`,
    [[...new Set(numbers)]],
  );
  return new Map(result.rows.map((order) => [order.number, order]));
}

async function findPayments(tx: Tx, references: ReadonlyArray<{ psp: string; pspReference: string }>, lock: boolean) {
  const result = await tx.query<PaymentRecord>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments
      WHERE (psp, psp_reference) IN (SELECT * FROM unnest($1::text[], $2::text[]))${lock ? ' ORDER BY id FOR UPDATE' : ''}`,
    [references.map((reference) => reference.psp), references.map((reference) => reference.pspReference)],
  );
  return new Map(result.rows.map((payment) => [referenceKey(payment.psp, payment.pspReference), payment]));
}

/** Parses the longest valid prefix; stops at the first input the schema refuses or that names an order by id. */
function parsePrefix<Schema extends typeof authorizePaymentInputSchema | typeof capturePaymentInputSchema, Input>(
  schema: Schema,
  events: ReadonlyArray<PaymentEvent<Input>>,
) {
  const parsed: Array<{ request: ReturnType<Schema['parse']>; context: ChangeContext }> = [];
  for (const { input, context } of events) {
    const request = schema.safeParse(input);
    if (!request.success || isUuid(request.data.order)) break;
    parsed.push({ request: request.data as ReturnType<Schema['parse']>, context });
  }
  return parsed;
}

/** Takes events while each names a new order and a new reference, and the order is found and far enough in its cycle. */
function takeWhile<T extends { request: { order: string; psp: string; pspReference: string } }>(
  parsed: readonly T[],
  orders: ReadonlyMap<string, OrderRecord>,
  accepts: (item: T, order: OrderRecord) => boolean,
): Array<T & { order: OrderRecord }> {
  const seenOrders = new Set<string>();
  const seenReferences = new Set<string>();
  const run: Array<T & { order: OrderRecord }> = [];
  for (const item of parsed) {
    const order = orders.get(item.request.order);
    const key = referenceKey(item.request.psp, item.request.pspReference);
    if (!order || seenOrders.has(order.id) || seenReferences.has(key) || !PAYMENT_PROGRESS_STATUSES.has(order.status)) break;
    if (!accepts(item, order)) break;
    seenOrders.add(order.id);
    seenReferences.add(key);
    run.push({ ...item, order });
  }
  return run;
}

async function insertAuthorizations(
  tx: Tx,
  rows: ReadonlyArray<{ orderId: string; psp: string; pspReference: string; method: string; currency: string; amount: number; at: Date }>,
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const inserted = await tx.query<{ id: string; psp: string; psp_reference: string }>(
    `INSERT INTO payments (tenant_id, order_id, psp, psp_reference, method, currency, amount_authorized, status, authorized_at, created_at, updated_at)
     SELECT copilot_tenant_id(), p.order_id, p.psp, p.psp_reference, p.method, p.currency, p.amount, 'authorized', p.at, p.at, p.at
       FROM jsonb_to_recordset($1::jsonb) AS p(ord integer, order_id uuid, psp text, psp_reference text, method text, currency text,
            amount numeric, at timestamptz)
      ORDER BY p.ord
     RETURNING id, psp, psp_reference`,
    [
      JSON.stringify(
        rows.map((row, ord) => ({
          ord,
          order_id: row.orderId,
          psp: row.psp,
          psp_reference: row.pspReference,
          method: row.method,
          currency: row.currency,
          amount: row.amount,
          at: row.at,
        })),
      ),
    ],
  );
  return new Map(inserted.rows.map((row) => [referenceKey(row.psp, row.psp_reference), row.id]));
}

type PaymentSchema = typeof authorizePaymentInputSchema | typeof capturePaymentInputSchema;
type PaymentRequest<Schema extends PaymentSchema> = ReturnType<Schema['parse']>;
type PaymentRun<Schema extends PaymentSchema> = ReadonlyArray<{
  request: PaymentRequest<Schema>;
  context: ChangeContext;
  order: OrderRecord;
}>;

/** What sets an authorisation run apart from a capture run; everything else is one path (recordPaymentsInBulk). */
interface BulkPaymentKind<Schema extends PaymentSchema> {
  schema: Schema;
  /** Captures update the payments they find, so they lock them; authorisations only look for a duplicate. */
  lockPayments: boolean;
  /** Whether the set-based path takes the event, given the payment already recorded under its reference. */
  takes(payment: PaymentRecord | undefined, order: OrderRecord): boolean;
  /** Runs once every payment of the run exists (found or just authorised): a capture's amounts and settlement. */
  afterAuthorization?(tx: Tx, run: PaymentRun<Schema>, paymentIdOf: (request: PaymentRequest<Schema>) => string): Promise<void>;
  logType: 'payment_authorized' | 'payment_captured';
  logData(request: PaymentRequest<Schema>, order: OrderRecord): Record<string, unknown>;
}

/** The longest prefix of these events the set-based path takes, applied; one entry per applied event. */
async function recordPaymentsInBulk<Schema extends PaymentSchema, Input>(
  tx: Tx,
  events: ReadonlyArray<PaymentEvent<Input>>,
  kind: BulkPaymentKind<Schema>,
): Promise<RecordedPayment[]> {
  const parsed = parsePrefix(kind.schema, events);
  if (parsed.length === 0) return [];
  const orders = await lockOrders(
    tx,
    parsed.map(({ request }) => request.order),
  );
  const payments = await findPayments(
    tx,
    parsed.map(({ request }) => request),
    kind.lockPayments,
  );
  const paymentOf = (request: PaymentRequest<Schema>) => payments.get(referenceKey(request.psp, request.pspReference));
  const run = takeWhile(parsed, orders, ({ request }, order) => kind.takes(paymentOf(request), order));
  if (run.length === 0) return [];
  // Every authorisation is new (takes refuses a recorded one); a capture with none on record is an auth
  // and capture in one step (wallets, marketplaces): the capture implies the authorisation.
  const created = await insertAuthorizations(
    tx,
    run
      .filter(({ request }) => !paymentOf(request))
      .map(({ request, context, order }) => ({
        orderId: order.id,
        psp: request.psp,
        pspReference: request.pspReference,
        method: request.method,
        currency: request.currency ?? order.currency,
        amount: request.amount,
        at: resolveContext(context).at,
      })),
  );
  await kind.afterAuthorization?.(
    tx,
    run,
    (request) => paymentOf(request)?.id ?? created.get(referenceKey(request.psp, request.pspReference))!,
  );
  await progressOrdersAfterPayment(
    tx,
    run.map(({ request, context, order }) => ({
      order,
      context,
      log: [{ orderId: order.id, type: kind.logType, data: kind.logData(request, order), context } satisfies OrderEventRow],
    })),
  );
  return run.map(({ order }) => ({ orderId: order.id }));
}

const authorization: BulkPaymentKind<typeof authorizePaymentInputSchema> = {
  schema: authorizePaymentInputSchema,
  lockPayments: false,
  takes: (payment) => !payment,
  logType: 'payment_authorized',
  logData: (request) => ({ psp: request.psp, pspReference: request.pspReference, amount: request.amount }),
};

const capture: BulkPaymentKind<typeof capturePaymentInputSchema> = {
  schema: capturePaymentInputSchema,
  lockPayments: true,
  takes: (payment, order) => !payment || (payment.orderId === order.id && payment.status !== 'voided' && payment.status !== 'failed'),
  async afterAuthorization(tx, run, paymentIdOf) {
    await tx.query(
      `UPDATE payments p SET amount_captured = p.amount_captured + v.amount, status = 'captured', captured_at = coalesce(p.captured_at, v.at),
              settlement_reference = coalesce(v.settlement_reference, p.settlement_reference), settled_at = coalesce(v.settled_at, p.settled_at),
              updated_at = v.at
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, amount numeric, at timestamptz, settlement_reference text, settled_at timestamptz)
        WHERE p.id = v.id`,
      [
        JSON.stringify(
          run.map(({ request, context }) => ({
            id: paymentIdOf(request),
            amount: request.amount,
            at: resolveContext(context).at,
            settlement_reference: request.settlementReference ?? null,
            settled_at: request.settledAt ?? null,
          })),
        ),
      ],
    );
  },
  logType: 'payment_captured',
  logData: (request, order) => ({
    psp: request.psp,
    pspReference: request.pspReference,
    amount: request.amount,
    settlementReference: request.settlementReference ?? null,
    orderTotal: order.total,
  }),
};

/** authorizePayment for the longest prefix of these events the set-based path takes; one entry per applied event. */
export function authorizePayments(tx: Tx, events: ReadonlyArray<PaymentEvent<AuthorizePaymentInput>>): Promise<RecordedPayment[]> {
  return recordPaymentsInBulk(tx, events, authorization);
}

/** capturePayment for the longest prefix of these events the set-based path takes; one entry per applied event. */
export function capturePayments(tx: Tx, events: ReadonlyArray<PaymentEvent<CapturePaymentInput>>): Promise<RecordedPayment[]> {
  return recordPaymentsInBulk(tx, events, capture);
}
