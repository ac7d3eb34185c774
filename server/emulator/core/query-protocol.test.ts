import { describe, expect, it } from 'vitest';
import { AwsError } from './errors';
import { decodeQueryInput, encodeQueryError, encodeQueryResponse, parseForm, q, queryServiceOf, type QueryService } from './query-protocol';

const service = (version: string, signingName: string, actions: QueryService['actions'] = {}): QueryService => ({
  version,
  signingName,
  xmlNamespace: `http://${signingName}.example/doc/`,
  targetPrefix: signingName,
  actions,
  handle: () => ({}),
});

describe('parseForm', () => {
  it.each([
    ['', {}],
    ['Message=hi+there+%26+%2B', { Message: 'hi there & +' }],
    ['Message=hi%20there%20%26%20%2B', { Message: 'hi there & +' }],
    ['L=&A=1', { L: '', A: '1' }],
    ['Flag', { Flag: '' }],
  ])('%s', (body, expected) => {
    expect(Object.fromEntries(parseForm(body))).toEqual(expected);
  });

  it('rejects a broken percent-encoding as a query error', () => {
    expect(() => parseForm('A=%E0%A4%A')).toThrow(AwsError);
  });
});

describe('decodeQueryInput', () => {
  const sqsLike = q.struct({
    Attributes: q.map('string', { flat: true, name: 'Attribute', key: 'Name', valueName: 'Value' }),
    AttributeNames: q.list('string', { flat: true, name: 'AttributeName' }),
    Wait: 'integer',
    Raw: 'boolean',
  });
  const snsLike = q.struct({
    Attributes: q.map('string'),
    MessageAttributes: q.map(q.struct({ DataType: 'string', StringValue: 'string' }), { key: 'Name', valueName: 'Value' }),
    Tags: q.list(q.struct({ Key: 'string', Value: 'string' })),
    At: 'timestamp',
    Value: 'number',
  });

  it('reads flattened lists and maps by element index, not arrival order', () => {
    const params = parseForm('AttributeName.2=B&AttributeName.1=A&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=40&Wait=20&Raw=true');
    expect(decodeQueryInput(sqsLike, params)).toEqual({ Attributes: { VisibilityTimeout: '40' }, AttributeNames: ['A', 'B'], Wait: 20, Raw: true });
  });

  it('reads wrapped `.entry.N.key` maps, `Name`/`Value` maps and `.member.N` lists', () => {
    const params = parseForm(
      'Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=x%20y&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=String' +
        '&MessageAttributes.entry.1.Value.StringValue=x&Tags.member.1.Key=k&Tags.member.1.Value=v&At=2024-01-01T00%3A00%3A00Z&Value=1.5',
    );
    expect(decodeQueryInput(snsLike, params)).toEqual({
      Attributes: { DisplayName: 'x y' },
      MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } },
      Tags: [{ Key: 'k', Value: 'v' }],
      At: 1704067200,
      Value: 1.5,
    });
  });

  it('takes `L=` as an empty list', () => {
    expect(decodeQueryInput(sqsLike, parseForm('AttributeName='))).toEqual({ AttributeNames: [] });
  });

  it.each([
    ['Wait=soon', 'Wait'],
    ['Raw=yes', 'Raw'],
  ])('rejects %s naming the parameter', (body, name) => {
    expect(() => decodeQueryInput(sqsLike, parseForm(body))).toThrow(new RegExp(`parameter ${name} is invalid`));
  });
});

describe('encodeQueryResponse', () => {
  const actions: QueryService['actions'] = {
    ListTopics: { input: q.struct({}), output: q.struct({ Topics: q.list(q.struct({ TopicArn: 'string' })), NextToken: 'string' }) },
    GetAttrs: { input: q.struct({}), output: q.struct({ Attributes: q.map('string'), Flat: q.map('string', { flat: true, name: 'Attribute', key: 'Name', valueName: 'Value' }) }) },
    Stats: { input: q.struct({}), output: q.struct({ At: 'timestamp' }) },
    Delete: { input: q.struct({}) },
  };
  const svc = service('2010-03-31', 'sns', actions);

  it('wraps output in <ActionResult>, lists in <member>, maps in <entry>, and escapes text', () => {
    const xml = encodeQueryResponse(svc, 'ListTopics', { Topics: [{ TopicArn: 'a<&>"' }], NextToken: 't' }, 'r1');
    expect(xml).toContain('<ListTopicsResponse xmlns="http://sns.example/doc/"><ListTopicsResult><Topics><member><TopicArn>a&lt;&amp;&gt;&quot;</TopicArn></member></Topics><NextToken>t</NextToken></ListTopicsResult>');
    expect(xml).toContain('<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ListTopicsResponse>');
    const attrs = encodeQueryResponse(svc, 'GetAttrs', { Attributes: { k: 'v' }, Flat: { n: '1' } }, 'r2');
    expect(attrs).toContain('<Attributes><entry><key>k</key><value>v</value></entry></Attributes><Attribute><Name>n</Name><Value>1</Value></Attribute>');
  });

  it('writes timestamps as ISO 8601 and omits the result of an action without output', () => {
    expect(encodeQueryResponse(svc, 'Stats', { At: 1704067200 }, 'r')).toContain('<At>2024-01-01T00:00:00.000Z</At>');
    expect(encodeQueryResponse(svc, 'Delete', {}, 'r')).not.toContain('DeleteResult');
  });
});

describe('encodeQueryError', () => {
  it('uses the legacy query code, Sender or Receiver, and SQS\'s <Detail/>', () => {
    const sqs = { ...service('2012-11-05', 'sqs'), errorDetail: true };
    const xml = encodeQueryError(sqs, new AwsError('QueueDoesNotExist', 'gone', { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' }), 'r');
    expect(xml).toContain('<Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>gone</Message><Detail/></Error><RequestId>r</RequestId>');
    expect(encodeQueryError(undefined, new AwsError('InternalError', 'x', { status: 500 }), 'r')).toContain('<Type>Receiver</Type>');
  });
});

describe('queryServiceOf', () => {
  const services = [service('2012-11-05', 'sqs'), service('2010-03-31', 'sns')];
  it('picks by Version first, then by the credential scope', () => {
    expect(queryServiceOf(services, parseForm('Version=2010-03-31'), undefined)?.signingName).toBe('sns');
    const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x';
    expect(queryServiceOf(services, parseForm('Action=X'), auth)?.signingName).toBe('sqs');
    expect(queryServiceOf(services, parseForm('Version=1999-01-01'), undefined)).toBeUndefined();
  });
});
