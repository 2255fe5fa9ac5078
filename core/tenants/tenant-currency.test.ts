import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCustomer, upsertCustomers } from '../customers/customers.ts';
import { upsertSku } from '../catalog/skus.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { createOrder } from '../orders/create-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, findTenant, type Tenant } from './tenants.ts';

const ADDRESS = { name: 'Ana Souza', line1: 'Rua Harmonia 322', city: 'São Paulo', postalCode: '05435-000', country: 'BR' };

describe("a tenant's own currency", () => {
  let db: Database;
  let brazilian: Tenant;
  let plain: Tenant;
  beforeAll(async () => {
    db = await createTestDb();
    brazilian = await createTenant(db, { slug: 'loja-ritmo', name: 'Loja Ritmo', timezone: 'America/Sao_Paulo', currency: 'brl' });
    plain = await createTenant(db, { slug: 'plain-store', name: 'Plain Store' });
  });
  afterAll(async () => {
    await db.close();
  });

  it('is stored upper-cased, and is USD when not given', async () => {
    expect(brazilian.currency).toBe('BRL');
    expect(plain.currency).toBe('USD');
    expect((await findTenant(db, 'loja-ritmo'))?.currency).toBe('BRL');
  });

  it('refuses a code that is no currency, naming the field, and stores nothing', async () => {
    for (const currency of ['BRR', 'R$', 'EURO', '']) {
      await expect(createTenant(db, { slug: 'typo-shop', name: 'Typo Shop', currency })).rejects.toMatchObject({
        code: 'validation_failed',
        message: expect.stringContaining('currency'),
      });
    }
    expect(await findTenant(db, 'typo-shop')).toBeUndefined();
  });

  it('is the currency of customers, SKUs and orders that name none; a named currency wins', async () => {
    const records = await withTenant(db, brazilian.id, async (tx) => {
      const unnamed = await upsertCustomer(tx, { code: 'PJ-0712', name: 'Escola Vila Madalena', kind: 'business', creditLimit: 12000 });
      const named = await upsertCustomer(tx, { code: 'PF-9', name: 'Expat buyer', currency: 'EUR' });
      const bulk = await upsertCustomers(tx, [
        { code: 'PF-1', name: 'Bulk one' },
        { code: 'PF-2', name: 'Bulk two', currency: 'USD' },
      ]);
      const sku = await upsertSku(tx, { code: '7896543210086', name: 'Guitar amplifier 30 W', price: 899 });
      const order = await createOrder(tx, {
        orderNumber: 'PV-204538',
        channel: 'web',
        customer: 'PJ-0712',
        lines: [{ sku: '7896543210086', quantity: 1, unitPrice: 899 }],
        shippingAddress: ADDRESS,
      });
      const newCustomerOrder = await createOrder(tx, {
        orderNumber: 'PV-204539',
        channel: 'web',
        customer: 'PF-NEW',
        customerName: 'New buyer',
        lines: [{ sku: '7896543210086', quantity: 1, unitPrice: 899 }],
        shippingAddress: ADDRESS,
      });
      const created = await tx.query<{ currency: string }>(`SELECT currency FROM customers WHERE code = 'PF-NEW'`);
      return { unnamed, named, bulk, sku, order, newCustomerOrder, newCustomer: created.rows[0]!.currency };
    });
    expect(records.unnamed.currency).toBe('BRL');
    expect(records.named.currency).toBe('EUR');
    expect(records.bulk.get('PF-1')?.currency).toBe('BRL');
    expect(records.bulk.get('PF-2')?.currency).toBe('USD');
    expect(records.sku.currency).toBe('BRL');
    expect(records.order.currency).toBe('BRL');
    expect(records.newCustomerOrder.currency).toBe('BRL');
    expect(records.newCustomer).toBe('BRL');
  });

  it("is per tenant: another tenant's records stay in its own currency", async () => {
    const customer = await withTenant(db, plain.id, (tx) => upsertCustomer(tx, { code: 'PJ-0712', name: 'Same code elsewhere' }));
    expect(customer.currency).toBe('USD');
  });
});
