import { isRecord } from '../result-reading.ts';
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';

/** AV-STD ("deliverable after standardisation") is fixed by standardising what is there; nothing else is. */
export const addressCorrection: Drafter = (knowledge) => {
  const evidence = evidenceOf(knowledge, 'address_validation_failed');
  const code = evidence?.resultCode ?? '';
  const address = evidence?.address
    ? evidence.address
    : isRecord(knowledge.order?.shippingAddress)
      ? knowledge.order.shippingAddress
      : undefined;
  if (code !== 'AV-STD')
    return decline(`${code || 'the validation result'} needs the customer to confirm the address; nothing to correct from the data`);
  if (!address) return decline('the current address is not known');
  const clean = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ') : undefined;
  const titleCase = (value: string | undefined): string | undefined =>
    value?.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
  const standardised: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value) standardised[key] = value;
  };
  put('name', clean(address.name));
  put('company', clean(address.company));
  put('line1', clean(address.line1));
  put('line2', clean(address.line2));
  put('city', titleCase(clean(address.city)));
  put('region', clean(address.region)?.toUpperCase());
  put('postalCode', clean(address.postalCode)?.toUpperCase());
  put('country', clean(address.country)?.toUpperCase());
  put('phone', clean(address.phone));
  if (!standardised.line1 || !standardised.city || !standardised.postalCode || !standardised.country || !standardised.name) {
    return decline('the address lacks a name, street, city, postcode or country to standardise');
  }
  return {
    ok: true,
    role: 'fix',
    sources: {
      order: knowledge.orderRef,
      reason: 'AV-STD: standardise casing and spacing; same delivery point',
      explicit: { address: standardised, note: 'AV-STD standardisation (same delivery point)' },
    },
    rationale: `Standardise the ship-to address of order ${knowledge.orderRef} (AV-STD: deliverable after standardisation; same delivery point, so no approval is needed).`,
  };
};
