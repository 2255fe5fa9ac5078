/**
 * acme-industrial: a B2B distributor of MRO supplies (fasteners, bearings, hydraulics, cutting
 * tools, safety) shipping from its Columbus DC and the Houston and Sacramento branches, to trade
 * accounts on net terms (AC-), key accounts (KA-) and card-paying trade customers (CC-). Matches
 * the tenant documents in ingestion/corpus (acme-industrial-*.md).
 */
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, COMPANY_TRADES } from './demo-names.ts';
import type { Random } from './seeded-random.ts';
import type { CustomerSpec, SkuSpec, TenantProfile } from './tenant-profile.ts';
import { roundMoney } from '../domain/money.ts';

function fasteners(): SkuSpec[] {
  const sizes = ['1/4-20x1', '5/16-18x1-1/4', '3/8-16x1-1/2', '1/2-13x2', '5/8-11x2-1/2', 'M6x20', 'M8x30', 'M10x40', 'M12x50', 'M16x60'];
  const kinds: Array<[string, string, number]> = [
    ['HXB', 'Hex bolt grade 8 zinc', 24],
    ['SHC', 'Socket head cap screw alloy', 31],
    ['CRB', 'Carriage bolt zinc', 19],
    ['NYL', 'Nylon insert lock nut', 14],
    ['FWS', 'Flat washer SAE hardened', 9],
  ];
  return kinds.flatMap(([code, name, base], kindIndex) =>
    sizes.map((size, sizeIndex) => ({
      code: `FST-${code}-${size.replace(/[^A-Za-z0-9]+/g, '')}`,
      name: `${name} ${size} (box of 100)`,
      category: 'fasteners',
      uom: 'case' as const,
      unitCost: roundMoney(base * (0.9 + sizeIndex * 0.18) * 0.55),
      price: roundMoney(base * (0.9 + sizeIndex * 0.18)),
      popularity: 6 / (1 + kindIndex * 0.6 + sizeIndex * 0.3),
      quantity: [2, 20] as [number, number],
    })),
  );
}

function bearings(): SkuSpec[] {
  const models: Array<[string, string, number]> = [
    ['6203-2RS', 'Deep groove ball bearing 6203-2RS', 7.8],
    ['6204-2RS', 'Deep groove ball bearing 6204-2RS', 8.9],
    ['6205-2RS', 'Deep groove ball bearing 6205-2RS', 9.6],
    ['6206-2RS', 'Deep groove ball bearing 6206-2RS', 12.4],
    ['6207-2RS', 'Deep groove ball bearing 6207-2RS', 15.1],
    ['6305-ZZ', 'Deep groove ball bearing 6305-ZZ', 13.2],
    ['6308-ZZ', 'Deep groove ball bearing 6308-ZZ', 27.5],
    ['UCP205-16', 'Pillow block bearing UCP205-16 1"', 24.9],
    ['UCP206-20', 'Pillow block bearing UCP206-20 1-1/4"', 29.5],
    ['UCF206-18', '4-bolt flange bearing UCF206-18', 33.8],
    ['UCFL204-12', '2-bolt flange bearing UCFL204-12', 21.4],
    ['22210-E', 'Spherical roller bearing 22210-E', 148],
    ['22212-E', 'Spherical roller bearing 22212-E', 189],
    ['30205', 'Tapered roller bearing 30205', 22.6],
    ['30207', 'Tapered roller bearing 30207', 31.2],
    ['LM11949-10', 'Tapered bearing set LM11949/LM11910', 11.9],
    ['NU206', 'Cylindrical roller bearing NU206', 44.7],
    ['7205-B', 'Angular contact bearing 7205-B', 38.3],
    ['6001-2RS', 'Deep groove ball bearing 6001-2RS', 4.9],
    ['6002-2RS', 'Deep groove ball bearing 6002-2RS', 5.4],
    ['608-2RS', 'Miniature bearing 608-2RS (10 pack)', 9.9],
    ['51106', 'Thrust ball bearing 51106', 12.8],
  ];
  return models.map(([code, name, price], index) => ({
    code: `BRG-${code}`,
    name,
    category: 'bearings',
    uom: 'each' as const,
    unitCost: roundMoney(price * 0.52),
    price,
    popularity: 5 / (1 + index * 0.25),
    quantity: [2, 24] as [number, number],
  }));
}

function hydraulics(): SkuSpec[] {
  const dashes = ['04', '06', '08', '12', '16'];
  const fittings: Array<[string, string, number]> = [
    ['JIC-ST', 'JIC 37° male x male straight adapter', 4.2],
    ['JIC-90', 'JIC 37° male x female swivel 90° elbow', 7.9],
    ['NPT-ST', 'NPT male x JIC male straight adapter', 3.9],
    ['ORFS-ST', 'ORFS male x male straight adapter', 6.3],
    ['ORB-ST', 'O-ring boss x JIC male straight adapter', 5.1],
    ['TEE', 'JIC 37° male run tee', 11.5],
  ];
  const fittingSkus = fittings.flatMap(([code, name, base], kindIndex) =>
    dashes.map((dash, dashIndex) => ({
      code: `HYD-${code.split('-')[0]}-${dash}-${dash}-${code.split('-')[1] ?? 'X'}`,
      name: `${name} -${dash}`,
      category: 'hydraulics',
      uom: 'each' as const,
      unitCost: roundMoney(base * (1 + dashIndex * 0.45) * 0.5),
      price: roundMoney(base * (1 + dashIndex * 0.45)),
      popularity: 4 / (1 + kindIndex * 0.5 + dashIndex * 0.4),
      quantity: [4, 40] as [number, number],
    })),
  );
  const hoses: Array<[string, string, number]> = [
    ['04-R2', '1/4" SAE 100R2AT two-wire hose', 6.1],
    ['06-R2', '3/8" SAE 100R2AT two-wire hose', 7.4],
    ['08-R2', '1/2" SAE 100R2AT two-wire hose', 8.9],
    ['12-R12', '3/4" SAE 100R12 four-spiral hose', 19.8],
    ['16-R12', '1" SAE 100R12 four-spiral hose', 26.4],
    ['08-R1', '1/2" SAE 100R1AT one-wire hose', 5.9],
  ];
  const hoseSkus = hoses.map(([code, name, price], index) => ({
    code: `HOS-${code}`,
    name: `${name} (per metre)`,
    category: 'hydraulics',
    uom: 'm' as const,
    unitCost: roundMoney(price * 0.48),
    price,
    popularity: 3 / (1 + index * 0.4),
    quantity: [5, 60] as [number, number],
  }));
  return [...fittingSkus, ...hoseSkus];
}

function cuttingTools(): SkuSpec[] {
  const drills = ['1/8', '3/16', '1/4', '5/16', '3/8', '7/16', '1/2'];
  const drillSkus = ['HSS', 'COB'].flatMap((grade, gradeIndex) =>
    drills.map((size, sizeIndex) => ({
      code: `CUT-DRL-${grade}-${size.replace('/', '-')}`,
      name: `${grade === 'HSS' ? 'HSS jobber drill' : 'Cobalt M42 jobber drill'} ${size}" (pack of 12)`,
      category: 'cutting tools',
      uom: 'pack' as const,
      unitCost: roundMoney((14 + sizeIndex * 4.5) * (1 + gradeIndex * 1.2) * 0.45),
      price: roundMoney((14 + sizeIndex * 4.5) * (1 + gradeIndex * 1.2)),
      popularity: 2.5 / (1 + gradeIndex + sizeIndex * 0.3),
      quantity: [1, 6] as [number, number],
    })),
  );
  const mills = ['1/8', '1/4', '3/8', '1/2', '5/8', '3/4'];
  const millSkus = ['2FL', '4FL'].flatMap((flutes, fluteIndex) =>
    mills.map((size, sizeIndex) => ({
      code: `CUT-EM-${flutes}-${size.replace('/', '-')}`,
      name: `Carbide end mill ${flutes === '2FL' ? '2-flute' : '4-flute'} ${size}"`,
      category: 'cutting tools',
      uom: 'each' as const,
      unitCost: roundMoney((18 + sizeIndex * 11) * (1 + fluteIndex * 0.2) * 0.5),
      price: roundMoney((18 + sizeIndex * 11) * (1 + fluteIndex * 0.2)),
      popularity: 2 / (1 + fluteIndex * 0.5 + sizeIndex * 0.35),
      quantity: [1, 10] as [number, number],
    })),
  );
  const taps = ['1/4-20', '5/16-18', '3/8-16', '1/2-13', 'M6x1', 'M8x1.25', 'M10x1.5', 'M12x1.75'];
  const tapSkus = taps.map((size, index) => ({
    code: `CUT-TAP-${size.replace(/[^A-Za-z0-9]+/g, '')}`,
    name: `Spiral point tap ${size}`,
    category: 'cutting tools',
    uom: 'each' as const,
    unitCost: roundMoney((12 + index * 2.4) * 0.46),
    price: roundMoney(12 + index * 2.4),
    popularity: 1.6 / (1 + index * 0.3),
    quantity: [2, 12] as [number, number],
  }));
  return [...drillSkus, ...millSkus, ...tapSkus];
}

function safety(): SkuSpec[] {
  const sizes = ['S', 'M', 'L', 'XL'];
  const sized: Array<[string, string, number, SkuSpec['uom']]> = [
    ['GLV-CUT-A4', 'Cut-resistant glove ANSI A4', 9.8, 'pair'],
    ['GLV-IMPACT', 'Impact mechanic glove', 14.5, 'pair'],
    ['VST-HIVIS-C2', 'Hi-vis safety vest class 2', 11.9, 'each'],
    ['VST-HIVIS-C3', 'Hi-vis safety jacket class 3', 44.0, 'each'],
  ];
  const sizedSkus = sized.flatMap(([code, name, price, uom], kindIndex) =>
    sizes.map((size, sizeIndex) => ({
      code: `SAF-${code}-${size}`,
      name: `${name}, size ${size}`,
      category: 'safety',
      uom,
      unitCost: roundMoney(price * 0.5),
      price,
      popularity: 3 / (1 + kindIndex * 0.5 + Math.abs(sizeIndex - 1.5) * 0.4),
      quantity: [6, 48] as [number, number],
    })),
  );
  const other: Array<[string, string, number, SkuSpec['uom']]> = [
    ['GLV-NIT-5M', 'Nitrile disposable gloves 5 mil (case of 1000)', 89, 'case'],
    ['GLS-CLEAR-AF', 'Safety glasses clear anti-fog', 3.6, 'each'],
    ['GLS-SMOKE', 'Safety glasses smoke lens', 3.9, 'each'],
    ['HAT-T1-WHT', 'Hard hat type I ratchet, white', 16.5, 'each'],
    ['HAT-T2-YEL', 'Hard hat type II ratchet, yellow', 29.9, 'each'],
    ['EAR-FOAM-200', 'Foam ear plugs NRR 32 (box of 200 pairs)', 27.5, 'case'],
    ['FAK-50', 'First aid kit ANSI class A, 50 person', 64, 'each'],
    ['RSP-N95-20', 'N95 respirator (box of 20)', 24.8, 'case'],
  ];
  const otherSkus = other.map(([code, name, price, uom], index) => ({
    code: `SAF-${code}`,
    name,
    category: 'safety',
    uom,
    unitCost: roundMoney(price * 0.5),
    price,
    popularity: 3.5 / (1 + index * 0.3),
    quantity: [2, 30] as [number, number],
  }));
  return [...sizedSkus, ...otherSkus];
}

function shopSupplies(): SkuSpec[] {
  const grits = ['40', '60', '80', '120'];
  const flap = grits.map((grit, index) => ({
    code: `ABR-FLAP-45-${grit}`,
    name: `Flap disc 4-1/2" zirconia grit ${grit} (pack of 10)`,
    category: 'abrasives',
    uom: 'pack' as const,
    unitCost: roundMoney(38 * 0.5),
    price: 38,
    popularity: 2.5 / (1 + index * 0.3),
    quantity: [1, 10] as [number, number],
  }));
  const wheels: Array<[string, string, number]> = [
    ['CUT-045', 'Cut-off wheel 4-1/2" x .045" (pack of 25)', 42],
    ['GRD-045', 'Grinding wheel 4-1/2" x 1/4" (pack of 25)', 51],
    ['CUT-060', 'Cut-off wheel 6" x .045" (pack of 25)', 58],
    ['GRD-070', 'Grinding wheel 7" x 1/4" (pack of 25)', 69],
  ];
  const discs = wheels.map(([code, name, price], index) => ({
    code: `ABR-${code}`,
    name,
    category: 'abrasives',
    uom: 'pack' as const,
    unitCost: roundMoney(price * 0.5),
    price,
    popularity: 2 / (1 + index * 0.3),
    quantity: [1, 8] as [number, number],
  }));
  const lubricants: Array<[string, string, number]> = [
    ['GRS-EP2-10', 'EP2 lithium grease cartridges (case of 10)', 54],
    ['OIL-AW32-19', 'AW32 hydraulic oil 19 L pail', 78],
    ['OIL-AW46-19', 'AW46 hydraulic oil 19 L pail', 79],
    ['OIL-AW68-19', 'AW68 hydraulic oil 19 L pail', 82],
    ['GRS-FG-10', 'Food-grade H1 grease cartridges (case of 10)', 96],
    ['SPR-PEN-12', 'Penetrating oil spray (case of 12)', 71],
  ];
  const lube = lubricants.map(([code, name, price], index) => ({
    code: `LUB-${code}`,
    name,
    category: 'lubricants',
    uom: 'case' as const,
    unitCost: roundMoney(price * 0.55),
    price,
    popularity: 2.2 / (1 + index * 0.35),
    quantity: [1, 8] as [number, number],
  }));
  const chains = ['40', '50', '60', '80'].map((size, index) => ({
    code: `CHN-RC${size}`,
    name: `ANSI #${size} roller chain, riveted (per metre)`,
    category: 'power transmission',
    uom: 'm' as const,
    unitCost: roundMoney((11 + index * 7) * 0.5),
    price: 11 + index * 7,
    popularity: 1.5 / (1 + index * 0.4),
    quantity: [3, 30] as [number, number],
  }));
  const belts = ['A42', 'A48', 'B52', 'B60', 'B75', '3VX500', '5VX800', 'AX38'].map((size, index) => ({
    code: `BLT-${size}`,
    name: `V-belt ${size}`,
    category: 'power transmission',
    uom: 'each' as const,
    unitCost: roundMoney((9 + index * 2.2) * 0.5),
    price: roundMoney(9 + index * 2.2),
    popularity: 1.6 / (1 + index * 0.25),
    quantity: [2, 20] as [number, number],
  }));
  return [...flap, ...discs, ...lube, ...chains, ...belts];
}

function kits(): SkuSpec[] {
  const kit = (code: string, name: string, price: number, components: Array<[string, number]>, popularity: number): SkuSpec => ({
    code: `KIT-${code}`,
    name,
    category: 'kits',
    uom: 'set',
    unitCost: roundMoney(price * 0.55),
    price,
    components: components.map(([sku, quantity]) => ({ sku, quantity })),
    popularity,
    quantity: [1, 6],
  });
  return [
    kit(
      'PPE-START-L',
      'PPE starter kit, size L (glasses, gloves, hard hat, ear plugs)',
      61,
      [
        ['SAF-GLS-CLEAR-AF', 2],
        ['SAF-GLV-CUT-A4-L', 2],
        ['SAF-HAT-T1-WHT', 1],
        ['SAF-EAR-FOAM-200', 1],
      ],
      2.2,
    ),
    kit(
      'PPE-START-XL',
      'PPE starter kit, size XL',
      61,
      [
        ['SAF-GLS-CLEAR-AF', 2],
        ['SAF-GLV-CUT-A4-XL', 2],
        ['SAF-HAT-T1-WHT', 1],
        ['SAF-EAR-FOAM-200', 1],
      ],
      1.4,
    ),
    kit(
      'BRG-6205-PB',
      'Conveyor bearing replacement kit 6205 + pillow blocks',
      78,
      [
        ['BRG-6205-2RS', 2],
        ['BRG-UCP205-16', 2],
      ],
      1.6,
    ),
    kit(
      'HYD-ADPT-08',
      'Hydraulic adapter assortment -08',
      64,
      [
        ['HYD-JIC-08-08-ST', 4],
        ['HYD-JIC-08-08-90', 2],
        ['HYD-NPT-08-08-ST', 4],
        ['HYD-ORB-08-08-ST', 2],
      ],
      1.5,
    ),
    kit(
      'HYD-ADPT-06',
      'Hydraulic adapter assortment -06',
      49,
      [
        ['HYD-JIC-06-06-ST', 4],
        ['HYD-JIC-06-06-90', 2],
        ['HYD-NPT-06-06-ST', 4],
      ],
      1.2,
    ),
    kit(
      'DRL-HSS-7',
      'HSS drill set 1/8"-1/2" (7 packs)',
      175,
      [
        ['CUT-DRL-HSS-1-8', 1],
        ['CUT-DRL-HSS-3-16', 1],
        ['CUT-DRL-HSS-1-4', 1],
        ['CUT-DRL-HSS-5-16', 1],
        ['CUT-DRL-HSS-3-8', 1],
        ['CUT-DRL-HSS-7-16', 1],
        ['CUT-DRL-HSS-1-2', 1],
      ],
      0.9,
    ),
    kit(
      'TAP-SAE-4',
      'SAE tap set 1/4"-1/2"',
      49,
      [
        ['CUT-TAP-1420', 1],
        ['CUT-TAP-51618', 1],
        ['CUT-TAP-3816', 1],
        ['CUT-TAP-1213', 1],
      ],
      0.8,
    ),
    kit(
      'GRIND-PRO',
      'Grinding station kit (flap discs 40/80, cut-off wheels)',
      119,
      [
        ['ABR-FLAP-45-40', 1],
        ['ABR-FLAP-45-80', 1],
        ['ABR-CUT-045', 1],
      ],
      1.1,
    ),
    kit(
      'LUBE-PM',
      'Preventive maintenance lube kit',
      125,
      [
        ['LUB-GRS-EP2-10', 1],
        ['LUB-SPR-PEN-12', 1],
      ],
      1.0,
    ),
    kit(
      'FST-M8-SET',
      'M8 fastening set (bolts, nuts, washers)',
      44,
      [
        ['FST-HXB-M8x30', 1],
        ['FST-NYL-M8x30', 1],
        ['FST-FWS-M8x30', 1],
      ],
      1.3,
    ),
    kit(
      'FST-M10-SET',
      'M10 fastening set (bolts, nuts, washers)',
      52,
      [
        ['FST-HXB-M10x40', 1],
        ['FST-NYL-M10x40', 1],
        ['FST-FWS-M10x40', 1],
      ],
      1.1,
    ),
    kit(
      'VEST-CREW-6',
      'Crew hi-vis pack (6 vests, M-XL)',
      69,
      [
        ['SAF-VST-HIVIS-C2-M', 2],
        ['SAF-VST-HIVIS-C2-L', 2],
        ['SAF-VST-HIVIS-C2-XL', 2],
      ],
      0.9,
    ),
  ];
}

function customers(random: Random): CustomerSpec[] {
  const names = random.shuffle(COMPANY_PREFIXES.flatMap((prefix) => COMPANY_TRADES.map((trade) => `${prefix} ${trade}`)));
  const take = (index: number): string => `${names[index]!} ${COMPANY_SUFFIXES[index % COMPANY_SUFFIXES.length]!}`;
  const email = (name: string): string =>
    `ap@${name
      .toLowerCase()
      .replace(/[^a-z]+/g, '')
      .slice(0, 18)}.example.com`;
  const list: CustomerSpec[] = [];
  const keyLimits = [400_000, 250_000, 180_000, 150_000, 120_000, 90_000, 75_000, 75_000];
  keyLimits.forEach((limit, index) => {
    const name = take(index);
    list.push({
      code: `KA-${2001 + index}`,
      name,
      email: email(name),
      kind: 'business',
      tier: index < 2 ? 'strategic' : 'key_account',
      paymentTerms: 'net_60',
      creditLimit: limit,
      weight: limit / 40_000,
      channels: ['edi', 'edi', 'b2b_portal'],
    });
  });
  for (let index = 0; index < 34; index += 1) {
    const name = take(10 + index);
    const probation = index % 9 === 8;
    list.push({
      code: `AC-${1001 + index}`,
      name,
      email: email(name),
      kind: 'business',
      tier: 'standard',
      paymentTerms: probation ? 'net_15' : 'net_30',
      creditLimit: probation ? 5_000 : 15_000,
      weight: probation ? 0.5 : 1,
      channels: ['b2b_portal', 'b2b_portal', 'phone'],
      paysLateDays: index % 7 === 3 ? 12 : undefined,
    });
  }
  for (let index = 0; index < 12; index += 1) {
    const name = take(50 + index);
    list.push({
      code: `CC-${3001 + index}`,
      name,
      email: email(name),
      kind: 'business',
      tier: 'standard',
      paymentTerms: 'prepaid',
      creditLimit: null,
      weight: 0.6,
      channels: ['b2b_portal', 'phone'],
    });
  }
  return list;
}

export function acmeIndustrialProfile(random: Random, slug = 'acme-industrial', name = 'Acme Industrial Supply'): TenantProfile {
  const skus = [...fasteners(), ...bearings(), ...hydraulics(), ...cuttingTools(), ...safety(), ...shopSupplies(), ...kits()];
  return {
    slug,
    name,
    timezone: 'America/New_York',
    model: 'b2b',
    locations: [
      {
        code: 'COL-DC',
        name: 'Columbus distribution center',
        kind: 'warehouse',
        fulfillsOrders: true,
        priority: 10,
        country: 'US',
        timezone: 'America/New_York',
      },
      {
        code: 'HOU-BR',
        name: 'Houston branch',
        kind: 'warehouse',
        fulfillsOrders: true,
        priority: 20,
        country: 'US',
        timezone: 'America/Chicago',
      },
      {
        code: 'SAC-BR',
        name: 'Sacramento branch',
        kind: 'warehouse',
        fulfillsOrders: true,
        priority: 30,
        country: 'US',
        timezone: 'America/Los_Angeles',
      },
      {
        code: 'COL-COUNTER',
        name: 'Columbus will-call trade counter',
        kind: 'store',
        fulfillsOrders: false,
        priority: 90,
        country: 'US',
        timezone: 'America/New_York',
      },
      {
        code: 'VND-DROPSHIP',
        name: 'Vendor drop-ship (virtual)',
        kind: 'virtual',
        fulfillsOrders: false,
        priority: 100,
        country: 'US',
        timezone: 'America/New_York',
      },
    ],
    skus,
    customers: customers(random.fork('customers')),
    channels: [
      { channel: 'b2b_portal', weight: 5, promiseHours: 48, psp: null, method: null, erpRequired: true },
      { channel: 'edi', weight: 3, promiseHours: 48, psp: null, method: null, erpRequired: true },
      { channel: 'phone', weight: 1, promiseHours: 48, psp: null, method: null, erpRequired: true },
    ],
    carriers: [
      { carrier: 'UPS', serviceLevel: 'Ground', transitDays: [1, 4], weight: 6 },
      { carrier: 'FedEx', serviceLevel: 'Ground', transitDays: [1, 4], weight: 3 },
      { carrier: 'Estes Freight', serviceLevel: 'LTL', transitDays: [2, 5], weight: 1 },
    ],
    orderShare: 0.42,
    lineCount: [1, 7],
    returnRate: 0.025,
    cancelRate: 0.008,
    addressFailureRate: 0.004,
    leadTimeDays: [4, 12],
    orderNumber: (_channel, sequence) => ({ number: String(sequence) }),
  };
}
