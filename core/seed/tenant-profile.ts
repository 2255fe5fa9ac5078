/** What a demo tenant is made of: its master data and how its customers order. */
import type { Random } from './seeded-random.ts';

export interface LocationSpec {
  code: string;
  name: string;
  kind: 'warehouse' | 'store' | '3pl' | 'virtual';
  fulfillsOrders: boolean;
  priority: number;
  country: string;
  timezone: string;
}

export interface SkuSpec {
  code: string;
  name: string;
  category: string;
  uom: 'each' | 'pair' | 'pack' | 'case' | 'set' | 'kg' | 'm' | 'l';
  unitCost: number;
  price: number;
  /** Kits: components by SKU code and units per kit. */
  components?: Array<{ sku: string; quantity: number }>;
  /** Relative demand (background orders pick SKUs in proportion). */
  popularity: number;
  /** Typical order quantity range. */
  quantity: [number, number];
  /** Stock and demand controlled by a demo scenario: background orders and replenishment leave it alone. */
  managed?: boolean;
}

export interface CustomerSpec {
  code: string;
  name: string;
  email: string;
  kind: 'consumer' | 'business';
  tier: 'standard' | 'vip' | 'key_account' | 'strategic';
  paymentTerms: 'prepaid' | 'cod' | 'net_15' | 'net_30' | 'net_45' | 'net_60';
  creditLimit: number | null;
  /** Relative ordering frequency. */
  weight: number;
  /** Channels this account orders through. */
  channels: string[];
  /** Pays invoices late (days past due) — drives receivables and credit rules. */
  paysLateDays?: number;
  /** Reserved for a scenario: no background orders. */
  managed?: boolean;
}

export interface ChannelSpec {
  channel: string;
  weight: number;
  /** Ship-by promise in hours after placement. */
  promiseHours: number;
  psp: string | null;
  method: 'card' | 'paypal' | 'marketplace' | 'invoice' | null;
  erpRequired: boolean;
}

export interface TenantProfile {
  slug: string;
  name: string;
  timezone: string;
  model: 'b2b' | 'd2c';
  locations: LocationSpec[];
  skus: SkuSpec[];
  /** B2B: the account list. D2C: customers are created by their first order. */
  customers: CustomerSpec[];
  channels: ChannelSpec[];
  carriers: Array<{ carrier: string; serviceLevel: string; transitDays: [number, number]; weight: number }>;
  /** Share of all background orders. */
  orderShare: number;
  lineCount: [number, number];
  returnRate: number;
  cancelRate: number;
  addressFailureRate: number;
  /** Supplier lead time for replenishment, days. */
  leadTimeDays: [number, number];
  /** Makes the order number for the n-th order of a channel (deterministic). */
  orderNumber(channel: string, sequence: number, random: Random): { number: string; externalRef?: string };
}
