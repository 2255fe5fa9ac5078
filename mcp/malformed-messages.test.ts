import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { checkIncomingMessage, checkIncomingText } from './malformed-messages.ts';

const request = (method: string, params: unknown, id: string | number = 7) => ({ jsonrpc: '2.0', id, method, params });

describe('checkIncomingText / checkIncomingMessage', () => {
  it('answers text that is not JSON with a parse error, without an id', () => {
    const verdict = checkIncomingText('not json {');
    expect(verdict).toMatchObject({ kind: 'refuse', response: { error: { code: ErrorCode.ParseError } } });
    expect(verdict.kind === 'refuse' && 'id' in verdict.response).toBe(false);
  });

  it('answers a request that is not JSON-RPC with invalid request, keeping its id when it has one', () => {
    expect(checkIncomingMessage(request('tools/call', 'x', 3))).toMatchObject({
      kind: 'refuse',
      response: { id: 3, error: { code: ErrorCode.InvalidRequest } },
    });
    expect(checkIncomingMessage([1, 2])).toMatchObject({ kind: 'refuse', response: { error: { code: ErrorCode.InvalidRequest } } });
    expect(checkIncomingMessage({ jsonrpc: '1.0', id: 'a', method: 'ping' })).toMatchObject({ kind: 'refuse', response: { id: 'a' } });
  });

  it.each([
    ['tools/call', { name: 5 }, 'name'],
    ['tools/call', { name: 'get_order', arguments: 'str' }, 'arguments'],
    ['resources/read', { uri: 5 }, 'uri'],
    ['prompts/get', { name: 'triage_exception', arguments: { exceptionId: ['x'] } }, 'exceptionId'],
    ['tools/list', { cursor: { a: 1 } }, 'cursor'],
    ['completion/complete', { ref: 1 }, 'ref'],
    ['resources/read', { uri: 'runbook://% not a host' }, 'uri'],
    ['resources/subscribe', { uri: 'exception://a b' }, 'uri'],
  ])('answers %s with params %j as invalid params naming %s', (method, params, field) => {
    const verdict = checkIncomingMessage(request(method, params));
    expect(verdict.kind).toBe('refuse');
    if (verdict.kind !== 'refuse') return;
    expect(verdict.response).toMatchObject({ id: 7, error: { code: ErrorCode.InvalidParams } });
    expect(verdict.response.error.message).toContain(field);
    expect(verdict.response.error.data?.issues.some((issue) => issue.path.includes(field))).toBe(true);
  });

  it('passes valid requests, responses, notifications and methods the protocol does not define (the SDK answers those)', () => {
    for (const message of [
      request('tools/call', { name: 'get_order', arguments: { order: '10482' } }),
      request('tools/list', {}),
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 1, result: {} },
      request('vendor/unknown', { anything: true }),
    ]) {
      expect(checkIncomingMessage(message)).toEqual({ kind: 'pass', message });
    }
  });

  it('never answers a malformed notification (JSON-RPC), but says why it was dropped', () => {
    expect(checkIncomingMessage({ jsonrpc: '2.0', method: 'notifications/cancelled', params: 'x' })).toMatchObject({ kind: 'drop' });
  });

  it('refuses absurd nesting without recursing into it', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 200_000; level += 1) deep = { a: deep };
    const verdict = checkIncomingMessage(request('tools/call', { name: 'get_order', arguments: deep }));
    expect(verdict).toMatchObject({ kind: 'refuse', response: { id: 7, error: { code: ErrorCode.InvalidParams } } });
  });
});
