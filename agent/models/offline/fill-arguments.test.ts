import { describe, expect, it } from 'vitest';
import { fillArguments } from './fill-arguments.ts';

const reallocate = {
  type: 'object',
  properties: {
    order: { type: 'string' },
    lineNumber: { type: 'integer' },
    toLocation: { type: 'string' },
    reasonCode: { type: 'string', enum: ['RA-SHORT', 'RA-BACKORDER'] },
    note: { type: 'string' },
  },
  required: ['order', 'lineNumber', 'toLocation', 'reasonCode'],
};

describe('fillArguments', () => {
  it('maps what the planner knows onto the schema by property name and type', () => {
    expect(
      fillArguments(reallocate, {
        order: '10482',
        location: 'WH-WEST',
        reason: 'short',
        explicit: { lineNumber: 1, reasonCode: 'RA-SHORT' },
      }),
    ).toEqual({
      ok: true,
      args: { order: '10482', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT', note: 'short' },
    });
  });

  it('names the required fields it cannot fill, and rejects values outside an enum', () => {
    expect(fillArguments(reallocate, { order: '10482' })).toEqual({ ok: false, missing: ['lineNumber', 'toLocation', 'reasonCode'] });
    expect(fillArguments(reallocate, { order: '1', location: 'X', explicit: { lineNumber: 1, reasonCode: 'RA-WHATEVER' } })).toEqual({
      ok: false,
      missing: ['reasonCode'],
    });
  });

  it('fills nested filters and coerces numbers and arrays', () => {
    const search = {
      type: 'object',
      properties: {
        query: { type: 'string' },
        filters: { type: 'object', properties: { appliesTo: { type: 'array', items: { type: 'string' } } } },
      },
      required: ['query'],
    };
    expect(fillArguments(search, { query: 'oversell', exceptionType: 'stock_conflict' })).toEqual({
      ok: true,
      args: { query: 'oversell', filters: { appliesTo: ['stock_conflict'] } },
    });
    expect(
      fillArguments({ type: 'object', properties: { order: { type: 'integer' } }, required: ['order'] }, { order: 'SO-10482' }),
    ).toEqual({ ok: true, args: { order: 10482 } });
  });
});
