import type { CustomerSpec } from '../tenant-profile.ts';

/** Scenario-only accounts added to the acme account list (background orders never use them). */
export const ACME_SCENARIO_ACCOUNTS: CustomerSpec[] = [
  {
    code: 'AC-1042',
    name: 'Tri-County Welding Supply LLC',
    email: 'ap@tricountywelding.example.com',
    kind: 'business',
    tier: 'standard',
    paymentTerms: 'net_30',
    creditLimit: 15_000,
    weight: 0,
    channels: ['b2b_portal'],
    managed: true,
  },
  {
    code: 'AC-1043',
    name: 'Summit Hydraulics Inc.',
    email: 'ap@summithydraulics.example.com',
    kind: 'business',
    tier: 'standard',
    paymentTerms: 'net_30',
    creditLimit: 15_000,
    weight: 0,
    channels: ['phone'],
    managed: true,
  },
  {
    code: 'AC-1044',
    name: 'Riverbend Plastics Co.',
    email: 'ap@riverbendplastics.example.com',
    kind: 'business',
    tier: 'standard',
    paymentTerms: 'net_15',
    creditLimit: 5_000,
    weight: 0,
    channels: ['b2b_portal'],
    managed: true,
  },
];
