import { describe, expect, it } from 'vitest';
import { asksAddressChange, leadingPostcode, parseAddress, requestedAddress } from './address-change.ts';

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

describe('addresses read from their own span (session 10)', () => {
  const ljubljana = {
    name: 'Nina Golob',
    line1: 'Trubarjeva cesta 12',
    city: 'Ljubljana',
    postalCode: '1000',
    country: 'SI',
    phone: '+386 1',
  };

  it('takes street, postcode and city from the address span only, never from words around it', () => {
    const text = 'Nina now wants 31071 sent to her sister in Kranj instead: Koroška cesta 5, 4000 Kranj';
    expect(asksAddressChange(text)).toBe(true);
    // The same text with a name swapped for a word ("customer") around the span changes nothing in it.
    for (const variant of [text, text.replace('her sister in Kranj', 'customer in customer')]) {
      expect(requestedAddress(variant, ljubljana)?.address).toEqual({
        ...ljubljana,
        line1: 'Koroška cesta 5',
        city: 'Kranj',
        postalCode: '4000',
      });
    }
  });

  it('reads a whole address inside a longer message, with the unit named beside it', () => {
    const text = 'Mara wrote back - it is unit 7 at Via Roma 18, 20121 Milano. could you fix the order?';
    expect(asksAddressChange(text)).toBe(true);
    expect(requestedAddress(text, ljubljana)?.address).toMatchObject({
      line1: 'Via Roma 18',
      line2: 'unit 7',
      city: 'Milano',
      postalCode: '20121',
    });
  });

  it('adds what the rep adds to the address, and a unit given as a bare number after its name', () => {
    expect(requestedAddress('please add stan. 3 to the shipping address of that order', ljubljana)?.address).toEqual({
      ...ljubljana,
      line2: 'stan. 3',
    });
    expect(asksAddressChange('the apartment number came in, it is 9 - put it on the address')).toBe(true);
    expect(requestedAddress('the apartment number came in, it is 9 - put it on the address', ljubljana)?.address).toEqual({
      ...ljubljana,
      line2: 'apartment 9',
    });
  });
});

describe("addresses in other countries' formats (session 11)", () => {
  const portoAlegre = {
    name: 'João Pedro Almeida',
    line1: 'Rua Padre Chagas, 415',
    city: 'Porto Alegre',
    region: 'RS',
    postalCode: '90570-080',
    country: 'BR',
  };

  it('reads the street before its number as its own part, a state code after the city, and a labelled postal code', () => {
    const text = 'on W1 she now wants it delivered to the shop: Av. Brasil, 1200, Canoas RS, CEP 92310-000';
    expect(asksAddressChange(text)).toBe(true);
    expect(requestedAddress(text, portoAlegre)?.address).toEqual({
      name: 'João Pedro Almeida',
      line1: 'Av. Brasil, 1200',
      city: 'Canoas',
      region: 'RS',
      postalCode: '92310-000',
      country: 'BR',
    });
  });

  it('takes any code after a postal-code label, whatever its shape (PLZ, PIN, ZIP, Eircode)', () => {
    expect(requestedAddress('the PLZ on W1 should be 10115', portoAlegre)?.address.postalCode).toBe('10115');
    expect(requestedAddress('PIN code for W1 is wrong, should be 560001', portoAlegre)?.address.postalCode).toBe('560001');
    expect(parseAddress('Hauptstrasse 5, Berlin, PLZ 10115', portoAlegre)).toMatchObject({ city: 'Berlin', postalCode: '10115' });
  });

  it("adds a unit named in any language's word for it, with its number, to the current address", () => {
    const added = requestedAddress("she confirmed it's apto 71 - fix the address on W1", portoAlegre);
    expect(added?.address).toEqual({ ...portoAlegre, line2: 'apto 71' });
    expect(requestedAddress('Whg 4 is missing, please update the address', portoAlegre)?.address.line2).toBe('Whg 4');
    expect(asksAddressChange('top 5 issues today, fix the worst first')).toBe(false);
  });
});

describe('postal codes named in more languages, followed by the old value (session 12)', () => {
  const ljubljana = { name: 'Ana Kranjc', line1: 'Slovenska cesta 9', city: 'Ljubljana', postalCode: '1100', country: 'SI' };

  it('reads the code after a label in Polish, Slovene, Croatian, Italian or Finnish', () => {
    expect(requestedAddress('poštna številka should be 1000, popravi naslov', ljubljana)?.address.postalCode).toBe('1000');
    expect(requestedAddress('poštanski broj should be 1000 - fix it', ljubljana)?.address.postalCode).toBe('1000');
    expect(requestedAddress('the codice postale should be 1000', ljubljana)?.address.postalCode).toBe('1000');
    expect(requestedAddress('kod pocztowy is actually 1000', ljubljana)?.address.postalCode).toBe('1000');
    expect(asksAddressChange('postinumero on väärin, should be 1000')).toBe(true);
  });

  it('takes the code the value opens with, not the old one said after it in any language', () => {
    expect(requestedAddress('postcode should be 1000 not 1100, customer confirmed', ljubljana)?.address.postalCode).toBe('1000');
    expect(requestedAddress('poštna številka is 1000 ne 1100. popravi', ljubljana)?.address.postalCode).toBe('1000');
    expect(requestedAddress('the zip should be D02 XY45 please', { ...ljubljana, country: 'IE' })?.address.postalCode).toBe('D02 XY45');
    expect(leadingPostcode('31-147 nie 13-147')).toBe('31-147');
    expect(leadingPostcode('a very long text with 1 digit')).toBeUndefined();
  });
});
