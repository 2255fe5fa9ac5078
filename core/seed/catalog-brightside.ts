/**
 * brightside: a direct-to-consumer home fragrance brand (candles, diffusers, wax melts) selling on
 * its Shopify storefront, Amazon (merchant-fulfilled from the Reno 3PL) and eBay, with gift sets
 * and bundles as kits. Matches the tenant documents in ingestion/corpus (brightside-*.md).
 */
import type { Random } from './seeded-random.ts';
import type { SkuSpec, TenantProfile } from './tenant-profile.ts';

/** Scent code, name, and whether it is a seasonal (holiday) scent. */
export const BRIGHTSIDE_SCENTS: ReadonlyArray<[string, string, boolean]> = [
  ['LAVF', 'Lavender Fields', false],
  ['SSAG', 'Sea Salt & Sage', false],
  ['CDSM', 'Cedar & Smoke', false],
  ['FIGC', 'Fig & Cassis', false],
  ['BERG', 'Bergamot Tea', false],
  ['AMBN', 'Amber Noir', false],
  ['ORBL', 'Orange Blossom', false],
  ['EUCM', 'Eucalyptus Mint', false],
  ['VANB', 'Vanilla Bean', false],
  ['SANT', 'Santal', false],
  ['ROSE', 'Rose Petal', false],
  ['BPVT', 'Black Pepper & Vetiver', false],
  ['COCL', 'Coconut Lime', false],
  ['JUNB', 'Juniper Berry', false],
  ['HONY', 'Honeysuckle', false],
  ['OAKM', 'Oakmoss', false],
  ['LMGR', 'Lemongrass', false],
  ['WTEA', 'White Tea', false],
  ['JASN', 'Jasmine Night', false],
  ['PEON', 'Peony', false],
  ['NERO', 'Neroli', false],
  ['TOBL', 'Tobacco Leaf', false],
  ['DRFT', 'Driftwood', false],
  ['SPPR', 'Spiced Pear', false],
  ['MOSS', 'Moss & Rain', false],
  ['GRPF', 'Pink Grapefruit', false],
  ['PINE', 'Pine Needle', true],
  ['CINB', 'Cinnamon Bark', true],
  ['FRCR', 'Frosted Cranberry', true],
  ['BALS', 'Balsam & Clove', true],
];

const PRODUCTS: ReadonlyArray<{
  code: string;
  name: string;
  price: number;
  cost: number;
  uom: SkuSpec['uom'];
  weight: number;
  quantity: [number, number];
}> = [
  { code: 'CND08', name: '8 oz soy candle', price: 28, cost: 7.4, uom: 'each', weight: 3, quantity: [1, 3] },
  { code: 'CND14', name: '14 oz soy candle', price: 42, cost: 10.9, uom: 'each', weight: 2.2, quantity: [1, 2] },
  { code: 'CND3W', name: '3-wick candle', price: 58, cost: 15.2, uom: 'each', weight: 1.2, quantity: [1, 2] },
  { code: 'DIF100', name: 'reed diffuser 100 ml', price: 38, cost: 9.8, uom: 'each', weight: 1.4, quantity: [1, 2] },
  { code: 'RFL200', name: 'diffuser refill 200 ml', price: 24, cost: 5.6, uom: 'each', weight: 1, quantity: [1, 3] },
  { code: 'WAX6', name: 'wax melts (6 cubes)', price: 14, cost: 3.1, uom: 'pack', weight: 1.1, quantity: [1, 4] },
  { code: 'SPR100', name: 'room spray 100 ml', price: 22, cost: 4.9, uom: 'each', weight: 0.8, quantity: [1, 2] },
];

function fragranceSkus(): SkuSpec[] {
  return BRIGHTSIDE_SCENTS.flatMap(([scent, scentName, seasonal], scentIndex) =>
    PRODUCTS.map((product) => ({
      code: `BS-${product.code}-${scent}`,
      name: `${scentName} ${product.name}`,
      category: product.code.startsWith('CND') ? 'candles' : product.code.startsWith('WAX') ? 'wax melts' : 'home fragrance',
      uom: product.uom,
      unitCost: product.cost,
      price: product.price,
      popularity: (product.weight * (seasonal ? 0.5 : 1)) / (1 + scentIndex * 0.12),
      quantity: product.quantity,
    })),
  );
}

function accessories(): SkuSpec[] {
  const items: Array<[string, string, number]> = [
    ['ACC-WICKTRIM', 'Brass wick trimmer', 18],
    ['ACC-SNUFFER', 'Brass candle snuffer', 16],
    ['ACC-MATCHCLOCHE', 'Glass match cloche', 24],
    ['ACC-TRAY-MARBLE', 'Marble candle tray', 32],
    ['ACC-LIDS-08', 'Candle lids for 8 oz (set of 2)', 12],
    ['ACC-GIFTBOX', 'Gift box with ribbon', 6],
  ];
  return items.map(([code, name, price], index) => ({
    code: `BS-${code}`,
    name,
    category: 'accessories',
    uom: 'each' as const,
    unitCost: Math.round(price * 30) / 100,
    price,
    popularity: 0.9 / (1 + index * 0.3),
    quantity: [1, 2] as [number, number],
  }));
}

function giftSets(): SkuSpec[] {
  const kit = (code: string, name: string, price: number, components: Array<[string, number]>, popularity: number): SkuSpec => ({
    code: `BS-KIT-${code}`,
    name,
    category: 'gift sets',
    uom: 'set',
    unitCost: Math.round(price * 28) / 100,
    price,
    components: components.map(([sku, quantity]) => ({ sku: `BS-${sku}`, quantity })),
    popularity,
    quantity: [1, 2],
  });
  return [
    kit(
      'TRIO-CALM',
      'Calm trio gift set (Eucalyptus Mint, Lavender Fields, White Tea 8 oz)',
      72,
      [
        ['CND08-EUCM', 1],
        ['CND08-LAVF', 1],
        ['CND08-WTEA', 1],
      ],
      1.8,
    ),
    kit(
      'TRIO-WOODS',
      'Woods trio gift set (Cedar & Smoke, Santal, Oakmoss 8 oz)',
      72,
      [
        ['CND08-CDSM', 1],
        ['CND08-SANT', 1],
        ['CND08-OAKM', 1],
      ],
      1.6,
    ),
    kit(
      'TRIO-CITRUS',
      'Citrus trio gift set (Orange Blossom, Lemongrass, Pink Grapefruit 8 oz)',
      72,
      [
        ['CND08-ORBL', 1],
        ['CND08-LMGR', 1],
        ['CND08-GRPF', 1],
      ],
      1.3,
    ),
    kit(
      'TRIO-HOLIDAY',
      'Holiday trio (Pine Needle, Cinnamon Bark, Balsam & Clove 8 oz)',
      76,
      [
        ['CND08-PINE', 1],
        ['CND08-CINB', 1],
        ['CND08-BALS', 1],
      ],
      1.0,
    ),
    kit(
      'DUO-LAVF',
      'Lavender diffuser + refill duo',
      56,
      [
        ['DIF100-LAVF', 1],
        ['RFL200-LAVF', 1],
      ],
      1.2,
    ),
    kit(
      'DUO-SSAG',
      'Sea Salt & Sage diffuser + refill duo',
      56,
      [
        ['DIF100-SSAG', 1],
        ['RFL200-SSAG', 1],
      ],
      1.1,
    ),
    kit(
      'DUO-FIGC',
      'Fig & Cassis diffuser + refill duo',
      56,
      [
        ['DIF100-FIGC', 1],
        ['RFL200-FIGC', 1],
      ],
      0.9,
    ),
    kit(
      'WAX-SAMPLER',
      'Wax melt discovery sampler (6 scents)',
      69,
      [
        ['WAX6-LAVF', 1],
        ['WAX6-SSAG', 1],
        ['WAX6-VANB', 1],
        ['WAX6-AMBN', 1],
        ['WAX6-BERG', 1],
        ['WAX6-COCL', 1],
      ],
      1.0,
    ),
    kit(
      'CARE-SET',
      'Candle care set (trimmer, snuffer, match cloche)',
      52,
      [
        ['ACC-WICKTRIM', 1],
        ['ACC-SNUFFER', 1],
        ['ACC-MATCHCLOCHE', 1],
      ],
      0.8,
    ),
    kit(
      'HOST-GIFT',
      'Hostess gift (14 oz Amber Noir + tray + gift box)',
      74,
      [
        ['CND14-AMBN', 1],
        ['ACC-TRAY-MARBLE', 1],
        ['ACC-GIFTBOX', 1],
      ],
      0.9,
    ),
    kit(
      'BATH-RELAX',
      'Bath & relax set (Eucalyptus spray, Lavender 14 oz)',
      60,
      [
        ['SPR100-EUCM', 1],
        ['CND14-LAVF', 1],
      ],
      0.8,
    ),
    kit(
      'SPA-DAY',
      'Spa day set (White Tea diffuser, Jasmine 8 oz, gift box)',
      70,
      [
        ['DIF100-WTEA', 1],
        ['CND08-JASN', 1],
        ['ACC-GIFTBOX', 1],
      ],
      0.7,
    ),
    kit(
      'REFILL-3',
      'Refill three-pack (Lavender, Sea Salt, Fig)',
      62,
      [
        ['RFL200-LAVF', 1],
        ['RFL200-SSAG', 1],
        ['RFL200-FIGC', 1],
      ],
      0.9,
    ),
    kit(
      'MINI-VOTIVE',
      'Votive collection (8 oz Vanilla, Honeysuckle, Peony, Rose)',
      92,
      [
        ['CND08-VANB', 1],
        ['CND08-HONY', 1],
        ['CND08-PEON', 1],
        ['CND08-ROSE', 1],
      ],
      0.6,
    ),
    kit(
      'NIGHT-IN',
      'Night in set (Tobacco Leaf 3-wick, Black Pepper spray)',
      70,
      [
        ['CND3W-TOBL', 1],
        ['SPR100-BPVT', 1],
      ],
      0.6,
    ),
    kit(
      'COASTAL',
      'Coastal set (Driftwood 14 oz, Sea Salt spray)',
      56,
      [
        ['CND14-DRFT', 1],
        ['SPR100-SSAG', 1],
      ],
      0.6,
    ),
  ];
}

const AMAZON_PREFIXES = ['111', '112', '113', '114'];

export function brightsideProfile(_random: Random, slug = 'brightside', name = 'Brightside Home Fragrance'): TenantProfile {
  return {
    slug,
    name,
    timezone: 'America/Los_Angeles',
    model: 'd2c',
    locations: [
      {
        code: 'RNO-3PL',
        name: 'Reno 3PL (ShipRight Logistics)',
        kind: '3pl',
        fulfillsOrders: true,
        priority: 10,
        country: 'US',
        timezone: 'America/Los_Angeles',
      },
      {
        code: 'SLC-WH',
        name: 'Salt Lake City overflow warehouse',
        kind: 'warehouse',
        fulfillsOrders: true,
        priority: 20,
        country: 'US',
        timezone: 'America/Denver',
      },
      {
        code: 'PDX-STORE',
        name: 'Portland flagship store',
        kind: 'store',
        fulfillsOrders: false,
        priority: 80,
        country: 'US',
        timezone: 'America/Los_Angeles',
      },
      {
        code: 'AMZ-FBA',
        name: 'Amazon FBA network (virtual)',
        kind: 'virtual',
        fulfillsOrders: false,
        priority: 100,
        country: 'US',
        timezone: 'America/Los_Angeles',
      },
    ],
    skus: [...fragranceSkus(), ...accessories(), ...giftSets()],
    customers: [],
    channels: [
      { channel: 'web', weight: 55, promiseHours: 48, psp: 'shopify_payments', method: 'card', erpRequired: true },
      { channel: 'amazon', weight: 35, promiseHours: 24, psp: 'amazon', method: 'marketplace', erpRequired: false },
      { channel: 'ebay', weight: 10, promiseHours: 48, psp: 'ebay', method: 'marketplace', erpRequired: false },
    ],
    carriers: [
      { carrier: 'UPS', serviceLevel: 'Ground', transitDays: [2, 5], weight: 5 },
      { carrier: 'USPS', serviceLevel: 'Ground Advantage', transitDays: [2, 5], weight: 4 },
      { carrier: 'FedEx', serviceLevel: 'Home Delivery', transitDays: [2, 4], weight: 2 },
    ],
    orderShare: 0.58,
    lineCount: [1, 3],
    returnRate: 0.07,
    cancelRate: 0.015,
    addressFailureRate: 0.01,
    leadTimeDays: [5, 14],
    orderNumber: (channel, sequence, random) => {
      if (channel === 'amazon') {
        const externalRef = `${random.pick(AMAZON_PREFIXES)}-${String(random.int(1_000_000, 9_999_999))}-${String(random.int(1_000_000, 9_999_999))}`;
        return { number: `AMZ${100_000 + sequence}`, externalRef };
      }
      if (channel === 'ebay')
        return {
          number: `EBY${50_000 + sequence}`,
          externalRef: `${random.int(10, 27)}-${random.int(10_000, 99_999)}-${random.int(10_000, 99_999)}`,
        };
      return { number: `BS${48_000 + sequence}`, externalRef: String(5_100_000_000 + sequence * 7) };
    },
  };
}
