import { z } from 'zod';

/** Domain inputs name things the way people and external systems do (codes, numbers) or by uuid. */
export const isUuid = (value: string): boolean => z.uuid().safeParse(value).success;

export const codeSchema = z.string().trim().min(1).max(128);
export const channelSchema = z.string().regex(/^[a-z0-9_]{2,32}$/, 'lowercase letters, digits and underscores, 2-32 characters');
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD');
export const quantitySchema = z.number().int().positive();
export const moneySchema = z.number().finite().min(0).max(1e11);
export const actorSchema = z.string().min(1).max(200);
