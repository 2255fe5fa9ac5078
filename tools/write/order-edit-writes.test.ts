import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordErpSyncFailure } from '../../core/erp/index.ts';
import { detectExceptions, listExceptions } from '../../core/exceptions/index.ts';
import { getOrder, recordAddressValidationFailure } from '../../core/orders/index.ts';
import { ADDRESS, createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

const DAY_MS = 86_400_000;
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

describe('retry_erp_sync, correct_shipping_address, order holds and send_backorder_notice', () => {
  let world: ToolTestWorld;
  const liveException = (type: string, order: string) =>
    world.run(async (tx) => {
      await detectExceptions(tx, { tenantId: world.tenant.id });
      const orderId = (await getOrder(tx, order)).id;
      return (await listExceptions(tx, { type: [type as never], status: 'live', orderId }))[0];
    });

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 50);
      for (const number of ['E-1', 'E-2', 'E-3', 'A-1', 'H-1'])
        await placeOrder(tx, number, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await placeOrder(tx, 'B-1', [{ sku: 'KETTLE-1L', quantity: 4, unitPrice: 59 }], { promisedDate: new Date(Date.now() + 2 * DAY_MS) });
      await recordErpSyncFailure(tx, { order: 'E-1', errorCode: 'ERP-503', message: 'ERP unavailable' });
      await recordErpSyncFailure(tx, { order: 'E-2', errorCode: 'ERP-409', message: 'duplicate document' });
      await recordErpSyncFailure(tx, { order: 'E-3', errorCode: 'ERP-422', message: 'tax code missing' });
      await recordAddressValidationFailure(tx, { order: 'A-1', reason: 'postal code does not match city', field: 'postalCode' });
    });
  });
  afterAll(() => world.close());

  it('retries a transient ERP failure, which succeeds and resolves its exception', async () => {
    const exception = await liveException('erp_sync_failed', 'E-1');
    expect(exception).toBeDefined();
    const outcome = await world.call('retry_erp_sync', { order: 'E-1' }, world.principals.integration);
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { orderNumber: 'E-1', outcome: 'succeeded', previousError: 'ERP-503', consecutiveFailures: 0 },
    });
    expect((outcome.result as { exceptionsResolved: string[] }).exceptionsResolved).toContain(exception!.id);
    expect(await world.evidence(outcome)).toMatchObject({
      erpSyncStatus: 'failed',
      erpErrorCode: 'ERP-503',
      retryable: true,
      expectedOutcome: 'succeeded',
    });
    const again = await world.call('retry_erp_sync', { order: 'E-1' });
    expect(again).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/no failed sync/) },
    });
  });

  it('never retries a duplicate-document failure (ERP-409)', async () => {
    const outcome = await world.call('retry_erp_sync', { order: 'E-2' });
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/never retry/) },
    });
  });

  it('reports a data error as not retryable; a retry fails again and the exception stays', async () => {
    const outcome = await world.call('retry_erp_sync', { order: 'E-3' });
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { outcome: 'failed', errorCode: 'ERP-422', consecutiveFailures: 2, exceptionsResolved: [] },
    });
    expect(await world.evidence(outcome)).toMatchObject({ retryable: false, expectedOutcome: 'failed' });
  });

  it('corrects a shipping address, resolving the validation exception; the ADDR-CHECK hold stays until released', async () => {
    const exception = await liveException('address_validation_failed', 'A-1');
    expect(exception).toBeDefined();
    const address = { ...ADDRESS, postalCode: '19107' };
    const outcome = await world.call('correct_shipping_address', { order: 'A-1', address, note: 'customer confirmed by phone' });
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { orderNumber: 'A-1', orderStatus: 'on_hold', addressStatus: 'valid', shippingAddress: address },
    });
    expect((outcome.result as { exceptionsResolved: string[] }).exceptionsResolved).toContain(exception!.id);
    expect(await world.evidence(outcome)).toMatchObject({
      addressStatus: 'invalid',
      hadAddressIssue: true,
      countryChanged: false,
      postalCodeChanged: true,
      newCountry: 'US',
    });

    const release = await world.call('release_order_hold', {
      order: 'A-1',
      reasonCode: 'ADDR-CHECK',
      note: 'address corrected and confirmed',
    });
    expect(release).toMatchObject({ status: 'executed', result: { orderNumber: 'A-1', orderStatus: 'reserved', activeHolds: [] } });
    expect(await world.evidence(release)).toMatchObject({
      holdReasonCode: 'ADDR-CHECK',
      exceptionType: 'address_validation_failed',
      otherActiveHolds: 0,
      orderStatusAfter: 'reserved',
    });
  });

  it('rejects an incomplete or malformed address', async () => {
    for (const address of [
      { ...ADDRESS, country: 'USA' },
      { ...ADDRESS, line1: '' },
      { name: 'X' },
      { ...ADDRESS, instructions: 'leave at door' },
    ]) {
      const outcome = await world.call('correct_shipping_address', { order: 'A-1', address });
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
    }
  });

  it('places and releases a hold; exceptionType follows the hold reason', async () => {
    const placed = await world.call(
      'place_order_hold',
      { order: 'H-1', reasonCode: 'DUP-CHECK', note: 'looks like a duplicate of A-1' },
      world.principals.integration,
    );
    expect(placed).toMatchObject({
      status: 'executed',
      result: { orderStatus: 'on_hold', activeHolds: [{ reasonCode: 'DUP-CHECK', placedBy: 'wms-integration' }] },
    });
    expect(await world.evidence(placed)).toMatchObject({
      holdReasonCode: 'DUP-CHECK',
      exceptionType: 'duplicate_order',
      activeHoldCount: 0,
      orderStatus: 'reserved',
    });
    const twice = await world.call('place_order_hold', { order: 'H-1', reasonCode: 'DUP-CHECK', note: 'looks like a duplicate of A-1' });
    expect(twice).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/already has an active DUP-CHECK hold/) },
    });

    const wrong = await world.call('release_order_hold', { order: 'H-1', reasonCode: 'PAY-MISMATCH', note: 'payment is fine' });
    expect(wrong).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/no active PAY-MISMATCH hold \(active holds: DUP-CHECK\)/) },
    });
    const released = await world.call('release_order_hold', {
      order: 'H-1',
      reasonCode: 'DUP-CHECK',
      note: 'customer confirmed both orders',
    });
    expect(released).toMatchObject({ status: 'executed', result: { orderStatus: 'reserved', activeHolds: [] } });
    expect(await world.evidence(released)).toMatchObject({
      exceptionType: 'duplicate_order',
      holdPlacedBy: 'wms-integration',
      holdPlacedByCaller: false,
    });
  });

  it('an integration key cannot release holds (not one of its roles)', async () => {
    const outcome = await world.call(
      'release_order_hold',
      { order: 'H-1', reasonCode: 'DUP-CHECK', note: 'customer confirmed' },
      world.principals.integration,
    );
    expect(outcome).toMatchObject({ decision: 'deny', status: 'denied', rule: 'default:role' });
  });

  it('sends a backorder notice with a new promised date', async () => {
    const outcome = await world.call('send_backorder_notice', { order: 'B-1', newPromisedDate: day(10) });
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { orderNumber: 'B-1', channel: 'email', newPromisedDate: day(10), previousPromisedDate: day(2) },
    });
    expect((outcome.result as { message: string }).message).toMatch(/4 × Pour-over kettle 1 L \(KETTLE-1L\)/);
    expect(await world.evidence(outcome)).toMatchObject({
      quantity: 4,
      backorderedLines: 1,
      daysDelayed: 8,
      noticeChannel: 'email',
      customMessage: false,
    });
    await world.run(async (tx) => expect((await getOrder(tx, 'B-1')).backorderNotices).toHaveLength(1));
  });

  it('refuses a notice without backorders or with a date in the past', async () => {
    expect(await world.call('send_backorder_notice', { order: 'H-1', newPromisedDate: day(5) })).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/no backordered quantity/) },
    });
    expect(await world.call('send_backorder_notice', { order: 'B-1', newPromisedDate: day(-1) })).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/in the future/) },
    });
    expect(await world.call('send_backorder_notice', { order: 'B-1', newPromisedDate: 'next week' })).toMatchObject({
      error: { code: 'validation_failed' },
    });
  });
});
