import { describe, expect, it } from 'vitest';
import type { OperationalException } from '../../core/exceptions/index.ts';
import { exceptionJson } from './exceptions.ts';

const exception: OperationalException = {
  id: '7d7c1c8e-2f1b-4c39-9a51-0c0f6c7f2a10',
  tenantId: '5b1f0f5e-8d7a-4d0b-9a9c-1f5f2b3c4d5e',
  type: 'erp_sync_failed',
  severity: 'high',
  status: 'open',
  title: 'Order 10482: ERP sync failing with ERP-503 (5 failed attempts)',
  dedupeKey: 'erp_sync_failed:x',
  refs: { orderId: 'o', skuId: null, locationId: null, customerId: 'c', shipmentId: null, returnId: null, invoiceId: null },
  codes: { orderNumber: '10482', customerCode: 'KA-2003' },
  evidence: {
    errorCode: 'ERP-503',
    errorMessage: 'Service unavailable',
    retryable: true,
    neverRetry: false,
    document: 'order',
    failedAttempts: 5,
    firstFailedAt: '2025-03-11T12:50:00.000Z',
    lastAttemptAt: '2025-03-12T13:55:00.000Z',
    hoursFailing: 25.2,
    failingOrdersInTenant: 1,
    orderStatus: 'validated',
  },
  detectedAt: new Date('2025-03-11T13:00:00Z'),
  lastDetectedAt: new Date('2025-03-12T14:00:00Z'),
  ackDueAt: new Date('2025-03-11T14:00:00Z'),
  slaDueAt: new Date('2025-03-11T17:00:00Z'),
  acknowledgedAt: null,
  slaBreached: true,
  resolution: { how: null, code: null, note: null, resolvedAt: null, resolvedBy: null },
  triage: { attempts: 0, lastError: null, parked: false, claimedAt: null, claimedBy: null, lastRunId: null },
  updatedAt: new Date('2025-03-12T14:00:00Z'),
  assignment: { queue: null, owner: null, reason: null, escalationStep: 0 },
};

describe('exceptions --json', () => {
  it('carries id, tenant slug, type, severity, status and ISO timestamps, with entities and evidence', () => {
    const json = exceptionJson(exception, 'acme-industrial');
    expect(json).toMatchObject({
      id: exception.id,
      tenant: 'acme-industrial',
      type: 'erp_sync_failed',
      severity: 'high',
      status: 'open',
      detectedAt: '2025-03-11T13:00:00.000Z',
      slaDueAt: '2025-03-11T17:00:00.000Z',
      ackDueAt: '2025-03-11T14:00:00.000Z',
      slaBreached: true,
      entities: { orderNumber: '10482' },
      evidence: { errorCode: 'ERP-503' },
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
