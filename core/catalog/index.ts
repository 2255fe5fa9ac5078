export { LOCATION_KINDS, listLocations, locationInputSchema, requireLocation, upsertLocation } from './locations.ts';
export type { Location, LocationInput, LocationKind } from './locations.ts';
export { UNITS_OF_MEASURE, findSku, getKitComponents, listSkus, requireSku, skuInputSchema, stockUnitsOf, upsertSku } from './skus.ts';
export type { KitComponent, Sku, SkuInput, UnitOfMeasure } from './skus.ts';
