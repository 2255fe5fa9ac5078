import { isRecord } from '../result-reading.ts';
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';

const clean = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ') : undefined;
const titleCase = (value: string | undefined): string | undefined =>
  value?.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());

// The address fields correct_shipping_address takes; a suggestion's other keys are ignored.
const ADDRESS_FIELDS = ['name', 'company', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;

/**
 * AV-STD ("deliverable after standardisation") is fixed by standardising what is there. Any other
 * result with the validator's own suggestion (AV-POSTAL: "43512" → "43215") is drafted as that
 * correction for a person to check — the policy decides who (a changed postcode is a new delivery
 * point); never a country change, never an embargoed address (AV-RESTRICTED: escalate). Without a
 * suggestion nothing can be corrected from the data.
 */
export const addressCorrection: Drafter = (knowledge) => {
  const evidence = evidenceOf(knowledge, 'address_validation_failed');
  const code = evidence?.resultCode ?? '';
  const address = evidence?.address
    ? evidence.address
    : isRecord(knowledge.order?.shippingAddress)
      ? knowledge.order.shippingAddress
      : undefined;
  const suggestion = evidence?.suggestion ?? undefined;
  if (code !== 'AV-STD' && !(suggestion && Object.keys(suggestion).some((key) => (ADDRESS_FIELDS as readonly string[]).includes(key))))
    return decline(`${code || 'the validation result'} needs the customer to confirm the address; nothing to correct from the data`);
  if (code === 'AV-RESTRICTED') return decline('AV-RESTRICTED: the address must not be edited; escalate');
  if (!address) return decline('the current address is not known');
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
  if (code !== 'AV-STD' && suggestion) return suggestedCorrection(knowledge.orderRef, code, standardised, suggestion);
  // AV-STD with the service's standardised form ("1200 KINNEAR RD"): the runbook says accept the suggested
  // address, so its fields replace ours, whatever their casing; only a country change is never taken.
  const adopted: string[] = [];
  for (const field of ADDRESS_FIELDS) {
    const value = clean(suggestion?.[field]);
    if (!value || value === standardised[field] || field === 'country') continue;
    standardised[field] = field === 'postalCode' || field === 'region' ? value.toUpperCase() : value;
    adopted.push(field);
  }
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
    rationale: `Standardise the ship-to address of order ${knowledge.orderRef} (AV-STD: deliverable after standardisation${adopted.length ? `; the validator's standard form of ${adopted.join(', ')} adopted` : ''}; same delivery point).`,
  };
};

/** The current address with the validator's suggested fields applied, for a person to check before it is written. */
function suggestedCorrection(
  order: string | undefined,
  code: string,
  current: Record<string, string>,
  suggestion: Record<string, string>,
): ReturnType<Drafter> {
  const corrected = { ...current };
  const changes: string[] = [];
  for (const field of ADDRESS_FIELDS) {
    const value = clean(suggestion[field]);
    if (!value || value === current[field]) continue;
    if (field === 'country')
      return decline(`the validator suggests another country (${value}); a country change is not allowed, cancel and re-order`);
    corrected[field] = field === 'postalCode' || field === 'region' ? value.toUpperCase() : value;
    changes.push(`${field} ${current[field] ?? '(empty)'} → ${corrected[field]}`);
  }
  if (!changes.length) return decline(`${code || 'the validator'}'s suggestion matches the current address; nothing to correct`);
  if (!corrected.name || !corrected.line1 || !corrected.city || !corrected.postalCode || !corrected.country) {
    return decline('the suggested address lacks a name, street, city, postcode or country');
  }
  const what = changes.join(', ');
  return {
    ok: true,
    role: 'fix',
    sources: {
      order,
      reason: `${code || 'Address validation'}: apply the validator's suggestion (${what})`,
      explicit: { address: corrected, note: `${code || 'Address validation'}: validator suggestion (${what}); confirm before shipping` },
    },
    rationale: `Correct the ship-to address of order ${order} with the address validator's suggestion (${what}) after ${code || 'a validation failure'}. It changes the delivery point, so a person should check it (with the customer if in doubt) before it is written.`,
  };
}
