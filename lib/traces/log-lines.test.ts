import { describe, expect, it } from 'vitest';
import { correlationIds, errorLinesFor, indexErrorLines, logErrorSignature, parseLogLine } from './log-lines';

const at = (message: string, timestamp = 1) => parseLogLine({ timestamp, message, stream: 's' });
const REQ = '6f1c2b3a-1111-2222-3333-444455556666';

describe('parseLogLine', () => {
  it.each([
    ['', { kind: 'app', error: false }],
    [`START RequestId: ${REQ} Version: $LATEST\n`, { kind: 'start', requestId: REQ, error: false }],
    [`END RequestId: ${REQ}\n`, { kind: 'end', requestId: REQ }],
    [`REPORT RequestId: ${REQ}\tDuration: 3.01 ms\tBilled Duration: 4 ms\t\n`, { kind: 'report', requestId: REQ }],
    [`{"level":"ERROR","requestId":"${REQ}","message":"GLASS-VASE is fragile: the carrier refuses it","errorType":"WarehouseRejection"}`, { kind: 'app', level: 'ERROR', error: true, requestId: REQ, reason: 'GLASS-VASE is fragile: the carrier refuses it', errorType: 'WarehouseRejection' }],
    ['{"level":"info","message":"ok"}', { level: 'INFO', error: false, reason: 'ok' }],
    ['{"errorType":"TypeError","errorMessage":"x is undefined"}', { level: 'ERROR', error: true, reason: 'x is undefined' }],
    [`2024-01-15T10:30:00.123Z\t${REQ}\tERROR\tboom happened\nstack`, { level: 'ERROR', error: true, requestId: REQ, reason: 'boom happened' }],
    [`2024-01-15T10:30:00.123Z\t${REQ}\tINFO\thello`, { level: 'INFO', error: false }],
    [`[ERROR]\t2024-01-15T10:30:00.123Z\t${REQ}\tdb down`, { level: 'ERROR', error: true, requestId: REQ, reason: 'db down' }],
    ['[ERROR] KeyError: \'sku\'\nTraceback (most recent call last):', { error: true, errorType: 'KeyError', reason: "'sku'" }],
    [`2024-01-15T10:30:03.000Z ${REQ} Task timed out after 3.00 seconds`, { error: true, reason: 'Task timed out after 3.00 seconds' }],
    ['{"level":"ERROR"', { kind: 'app', error: false }],
  ])('%j', (message, expected) => {
    expect(at(message)).toMatchObject(expected);
  });
});

describe('correlation', () => {
  const error = at(`{"level":"ERROR","requestId":"${REQ}","messageId":"m-1","orderId":"ord-7-x","items":[{"sku":"GLASS-VASE"}],"message":"GLASS-VASE is fragile"}`, 5);
  const other = at('{"level":"ERROR","requestId":"r-2","orderId":"ord-8-y","message":"other"}', 3);
  const info = at('{"level":"INFO","orderId":"ord-7-x","message":"fine"}', 4);
  const index = indexErrorLines([error, other, info]);

  it('finds a message’s error lines by message id, request id or item key, once each, oldest first', () => {
    expect(errorLinesFor(index, [['m-1']])).toEqual([error]);
    expect(errorLinesFor(index, [[REQ, 'ord-7-x', 'm-1']])).toEqual([error]);
    expect(errorLinesFor(index, [['ord-8-y', 'ord-7-x']])).toEqual([other, error]);
    expect(errorLinesFor(index, [['nothing']])).toEqual([]);
  });

  it('uses the item keys only when no line names the message itself', () => {
    const sameProduct = at('{"level":"ERROR","messageId":"m-9","orderId":"ord-9-z","sku":"GLASS-VASE","message":"GLASS-VASE is fragile"}', 1);
    const withSku = indexErrorLines([error, sameProduct]);
    expect(errorLinesFor(withSku, [['m-1'], ['ord-7-x', 'GLASS-VASE']])).toEqual([error]);
    expect(errorLinesFor(withSku, [['m-unlogged'], ['GLASS-VASE']])).toEqual([sameProduct, error]);
  });

  it('puts a line without its timestamp after the timed ones, never first as 1970', () => {
    const untimed = parseLogLine({ message: '{"level":"ERROR","messageId":"m-1","message":"again"}', stream: 's' });
    expect(untimed.timestamp).toBeUndefined();
    expect(errorLinesFor(indexErrorLines([untimed, error, other]), [['m-1', 'ord-8-y']])).toEqual([other, error, untimed]);
  });

  it('never indexes a non-error line', () => {
    expect(errorLinesFor(index, [['fine']])).toEqual([]);
  });

  it('takes the id-like words of a text line', () => {
    expect(correlationIds(at(`2024-01-15T10:30:00.123Z\t${REQ}\tERROR\torder ord-9-zz failed`))).toEqual(expect.arrayContaining([REQ, 'ord-9-zz']));
  });
});

describe('logErrorSignature', () => {
  it('prefers the handler’s own reason to the runtime’s Invoke Error, and masks ids', () => {
    const lines = [
      at('{"level":"ERROR","errorType":"BlockedCustomerError","errorMessage":"x","message":"Invoke Error Customer cust-blocked-2 is blocked"}'),
      at('{"level":"ERROR","errorType":"BlockedCustomerError","message":"Customer cust-blocked-2 is blocked: order ord-12-ab cannot be projected"}'),
    ];
    expect(logErrorSignature(lines)?.text).toBe('BlockedCustomerError: Customer <id> is blocked: order <id> cannot be projected');
  });
  it('keeps what tells failures apart that is not an id', () => {
    expect(logErrorSignature([at('{"level":"ERROR","errorType":"WarehouseRejection","message":"GLASS-VASE is fragile: the carrier refuses it"}')])?.text).toBe(
      'WarehouseRejection: GLASS-VASE is fragile: the carrier refuses it',
    );
  });
  it('is undefined without an error line', () => {
    expect(logErrorSignature([at('START RequestId: abcdef12-0000 Version: 1')])).toBeUndefined();
  });
});
