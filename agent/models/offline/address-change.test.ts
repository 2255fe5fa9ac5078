import { describe, expect, it } from 'vitest';
import { asksAddressChange, parseAddress, requestedAddress } from './address-change.ts';

const current = { name: 'Harcourt Clinic', line1: '22 Harcourt St', city: 'Dublin', postalCode: 'D02 H529', country: 'IE' };

describe('address corrections asked in chat', () => {
  it('reads a whole new address after a colon or "to", keeping the name and country it does not give', () => {
    expect(
      requestedAddress('they emailed a new delivery address for W1: 14 Baggot Street Lower, Dublin, D02 XY45', current)?.address,
    ).toEqual({
      name: 'Harcourt Clinic',
      line1: '14 Baggot Street Lower',
      city: 'Dublin',
      postalCode: 'D02 XY45',
      country: 'IE',
    });
    expect(requestedAddress('change the address on W1 to 500 Oak Ave, Springfield, IL 62704, US please', current)?.address).toMatchObject({
      line1: '500 Oak Ave',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62704',
      country: 'US',
    });
  });

  it('changes only the part named, whatever the word for it', () => {
    const change = requestedAddress('the eircode on W1 is wrong, the clinic says it should be D02 H592', current);
    expect(change?.address).toEqual({ ...current, postalCode: 'D02 H592' });
    expect(change?.changes).toEqual(['postalCode D02 H529 → D02 H592']);
    expect(requestedAddress('W1: street should read 24 Harcourt St', current)?.address).toEqual({ ...current, line1: '24 Harcourt St' });
  });

  it('parses postcodes before or after the city', () => {
    expect(parseAddress('Coolsingel 40, 3011 AD Rotterdam, Netherlands', current)).toMatchObject({
      line1: 'Coolsingel 40',
      postalCode: '3011 AD',
      city: 'Rotterdam',
      country: 'NL',
    });
    expect(parseAddress('12 High St, Leeds LS1 4AB', current)).toMatchObject({ city: 'Leeds', postalCode: 'LS1 4AB', country: 'IE' });
  });

  it('reads "it needs to go to <address>" as a new address only when what follows is a whole address', () => {
    const swiss = { name: 'Lea Brunner', line1: 'Aarbergergasse 12', city: 'Bern', postalCode: '3011', country: 'CH' };
    const text = 'Lea has moved - AV-260342 needs to go to Kramgasse 45, 3011 Bern instead';
    expect(asksAddressChange(text)).toBe(true);
    expect(requestedAddress(text, swiss)?.address).toEqual({ ...swiss, line1: 'Kramgasse 45' });
    expect(asksAddressChange('we moved it, send it to the ERP again instead')).toBe(false);
    expect(asksAddressChange('change of plan: it needs to go to the Bern shop instead')).toBe(false);
  });

  it('is not a correction when nothing is said to change, when it is a question, or when no value is given', () => {
    expect(asksAddressChange('what is the address on W1?')).toBe(false);
    expect(asksAddressChange('ship it to the usual place')).toBe(false);
    expect(requestedAddress('fix the address of W1', current)).toBeUndefined();
  });
});
