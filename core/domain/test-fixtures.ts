/**
 * Test fixtures for the order/inventory domain: a tenant with two warehouses and a store, a handful
 * of SKUs (one kit), a consumer and a B2B account. Used by domain tests only.
 */
import { upsertLocation } from '../catalog/locations.ts';
import { upsertSku } from '../catalog/skus.ts';
import { upsertCustomer } from '../customers/customers.ts';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { receiveInventory } from '../inventory/receive-inventory.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import type { CreateOrderInput } from '../orders/create-order.ts';

export const ADDRESS = {
  name: 'Dana Reyes',
  line1: '400 Market St',
  city: 'Philadelphia',
  region: 'PA',
  postalCode: '19106',
  country: 'US',
};

export async function seedDomainFixture(db: Database, slug = 'acme-supply'): Promise<Tenant> {
  const tenant = await createTenant(db, { slug, name: `Fixture ${slug}` });
  await withTenant(db, tenant.id, seedDomainCatalog);
  return tenant;
}

/** The fixture's locations, SKUs and customers, in the caller's tenant transaction (the tool tests' world uses it too). */
export async function seedDomainCatalog(tx: Tx): Promise<void> {
  await upsertLocation(tx, { code: 'WH-EAST', name: 'East DC', kind: 'warehouse', priority: 10 });
  await upsertLocation(tx, { code: 'WH-WEST', name: 'West DC', kind: '3pl', priority: 20 });
  await upsertLocation(tx, { code: 'STORE-NYC', name: 'NYC flagship', kind: 'store', fulfillsOrders: false, priority: 50 });
  await upsertSku(tx, { code: 'MUG-BLK', name: 'Enamel mug, black', unitCost: 4, price: 12 });
  await upsertSku(tx, { code: 'KETTLE-1L', name: 'Pour-over kettle 1 L', unitCost: 22, price: 59 });
  await upsertSku(tx, { code: 'FILTER-100', name: 'Paper filters, 100 pack', uom: 'pack', unitCost: 2, price: 6 });
  await upsertSku(tx, {
    code: 'BREW-KIT',
    name: 'Brew starter kit',
    price: 75,
    components: [
      { sku: 'KETTLE-1L', quantity: 1 },
      { sku: 'MUG-BLK', quantity: 2 },
      { sku: 'FILTER-100', quantity: 1 },
    ],
  });
  await upsertCustomer(tx, { code: 'C-1001', name: 'Dana Reyes', email: 'dana@example.com' });
  await upsertCustomer(tx, {
    code: 'B2B-ACME',
    name: 'Acme Cafés Ltd',
    kind: 'business',
    tier: 'key_account',
    paymentTerms: 'net_30',
    creditLimit: 5000,
  });
}

export async function stock(tx: Tx, sku: string, location: string, quantity: number): Promise<void> {
  await receiveInventory(tx, { sku, location, quantity });
}

export function orderInput(number: string, lines: CreateOrderInput['lines'], overrides: Partial<CreateOrderInput> = {}): CreateOrderInput {
  return { orderNumber: number, channel: 'web', customer: 'C-1001', lines, shippingAddress: ADDRESS, ...overrides };
}
