import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidNextToken,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListMetricsCommand,
  MissingRequiredParameterException,
  PutMetricDataCommand,
  type GetMetricDataCommandInput,
  type MetricDataQuery,
  type MetricDatum,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
/** An hour boundary at least an hour behind the emulator clock, so every test writes a known past. */
let base: number;
beforeAll(async () => {
  emu = await startTestEmulator();
  base = Math.floor(emu.clock.now() / 3_600_000) * 3_600_000 - 3_600_000;
});
afterEach(async () => {
  await emu.control('DELETE', '/_eddy/faults');
});
afterAll(async () => {
  await emu.stop();
});

const MINUTE = 60_000;
let counter = 0;
/** Each test publishes into its own namespace, so tests sharing the emulator never see each other's data. */
const uniqueNamespace = () => `Eddy/Test${++counter}`;
const at = (minutes: number, seconds = 0) => new Date(base + minutes * MINUTE + seconds * 1000);

function put(Namespace: string, MetricData: MetricDatum[]) {
  return emu.cloudwatch.send(new PutMetricDataCommand({ Namespace, MetricData }));
}

function query(namespace: string, extra: Partial<MetricDataQuery['MetricStat']> = {}, id = 'm1'): MetricDataQuery {
  return { Id: id, MetricStat: { Metric: { Namespace: namespace, MetricName: 'Lag', Dimensions: [{ Name: 'Fn', Value: 'f' }] }, Period: 60, Stat: 'Sum', ...extra } };
}

async function getData(queries: MetricDataQuery[], extra: Partial<GetMetricDataCommandInput> = {}) {
  return emu.cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: at(0), EndTime: at(60), ...extra }));
}

/** For case tables, built before `beforeAll` sets `base`: a valid timestamp an hour ago. */
const recent = new Date(Date.now() - 3_600_000);

const lag = (timestamp: Date, value: number, extra: Partial<MetricDatum> = {}): MetricDatum => ({ MetricName: 'Lag', Dimensions: [{ Name: 'Fn', Value: 'f' }], Timestamp: timestamp, Value: value, ...extra });

describe('PutMetricData and GetMetricData', () => {
  it('computes every basic statistic per period, newest first, with Date timestamps', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(1, 5), 4), lag(at(1, 50), 10), lag(at(3), 7), lag(at(7), 1)]);
    const stats = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'];
    const out = await getData(stats.map((Stat, i) => query(ns, { Stat, Period: 300 }, `q${i}`)));
    expect(out.MetricDataResults!.map((r) => [r.Id, r.Values])).toEqual([
      ['q0', [1, 21]],
      ['q1', [1, 7]],
      ['q2', [1, 4]],
      ['q3', [1, 10]],
      ['q4', [1, 3]],
    ]);
    const first = out.MetricDataResults![0];
    expect(first).toMatchObject({ Label: 'Lag', StatusCode: 'Complete' });
    expect(first.Timestamps).toEqual([at(5), at(0)]);
    expect(first.Timestamps![0]).toBeInstanceOf(Date);
    expect(out.NextToken).toBeUndefined();
  });

  it('orders ascending with ScanBy TimestampAscending', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(2), 2), lag(at(0), 0), lag(at(1), 1)]);
    const out = await getData([query(ns)], { ScanBy: 'TimestampAscending' });
    expect(out.MetricDataResults![0].Timestamps).toEqual([at(0), at(1), at(2)]);
    expect(out.MetricDataResults![0].Values).toEqual([0, 1, 2]);
  });

  it('includes StartTime and excludes EndTime', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(9), 1), lag(at(10), 2), lag(at(19), 3), lag(at(20), 4)]);
    const out = await getData([query(ns)], { StartTime: at(10), EndTime: at(20) });
    expect(out.MetricDataResults![0].Values).toEqual([3, 2]);
  });

  it('matches the exact dimension set, in any order', async () => {
    const ns = uniqueNamespace();
    const both = [{ Name: 'Fn', Value: 'f' }, { Name: 'Resource', Value: 'f:live' }];
    await put(ns, [lag(at(1), 5, { Dimensions: both }), lag(at(1), 1)]);
    const reversed = await getData([query(ns, { Metric: { Namespace: ns, MetricName: 'Lag', Dimensions: [...both].reverse() } })]);
    expect(reversed.MetricDataResults![0].Values).toEqual([5]);
    const subset = await getData([query(ns)]);
    expect(subset.MetricDataResults![0].Values).toEqual([1]);
    const none = await getData([query(ns, { Metric: { Namespace: ns, MetricName: 'Lag' } })]);
    expect(none.MetricDataResults![0]).toMatchObject({ Values: [], Timestamps: [], StatusCode: 'Complete' });
  });

  it('takes Values with Counts and statistic sets, and computes percentiles from raw values', async () => {
    const ns = uniqueNamespace();
    await put(ns, [
      lag(at(1), 0, { Value: undefined, Values: [1, 2, 100], Counts: [50, 49, 1] }),
      lag(at(1, 30), 0, { Value: undefined, StatisticValues: { SampleCount: 10, Sum: 20, Minimum: 0.5, Maximum: 3 } }),
    ]);
    const out = await getData(['SampleCount', 'Sum', 'Minimum', 'Maximum', 'p50', 'p99', 'p99.5'].map((Stat, i) => query(ns, { Stat }, `s${i}`)));
    expect(out.MetricDataResults!.map((r) => r.Values![0])).toEqual([110, 50 + 98 + 100 + 20, 0.5, 100, 1, 2, 100]);
  });

  it('filters by Unit when the query names one', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(1), 3, { Unit: 'Seconds' }), lag(at(1), 3000, { Unit: 'Milliseconds' })]);
    const out = await getData([query(ns, { Unit: 'Seconds' }, 'sec'), query(ns, {}, 'all')]);
    expect(out.MetricDataResults!.map((r) => r.Values)).toEqual([[3], [3003]]);
  });

  it('keeps one-second slots for StorageResolution 1 and answers one-second periods', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(1, 1), 1, { StorageResolution: 1 }), lag(at(1, 2), 2, { StorageResolution: 1 }), lag(at(1, 2), 3, { StorageResolution: 1 })]);
    const out = await getData([query(ns, { Period: 1 })], { ScanBy: 'TimestampAscending' });
    expect(out.MetricDataResults![0]).toMatchObject({ Timestamps: [at(1, 1), at(1, 2)], Values: [1, 5] });
  });

  it('uses the given Label and omits ReturnData false', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(1), 1)]);
    const out = await getData([{ ...query(ns, {}, 'hidden'), ReturnData: false }, { ...query(ns, {}, 'shown'), Label: 'Iterator age' }]);
    expect(out.MetricDataResults!.map((r) => [r.Id, r.Label, r.Values])).toEqual([['shown', 'Iterator age', [1]]]);
  });

  it('computes metric math over other queries, hidden ones included', async () => {
    const ns = uniqueNamespace();
    const errors = (t: Date, v: number): MetricDatum => ({ MetricName: 'Errors', Dimensions: [{ Name: 'Fn', Value: 'f' }], Timestamp: t, Value: v });
    await put(ns, [lag(at(1), 10), lag(at(2), 20), lag(at(3), 40), errors(at(1), 1), errors(at(3), 4)]);
    const errorQuery = { ...query(ns, { Metric: { Namespace: ns, MetricName: 'Errors', Dimensions: [{ Name: 'Fn', Value: 'f' }] } }, 'err'), ReturnData: false };
    const out = await getData(
      [
        { ...query(ns, {}, 'inv'), ReturnData: false },
        errorQuery,
        { Id: 'rate', Expression: '100 * err / inv', Label: 'Error rate' },
        { Id: 'total', Expression: 'SUM(METRICS())' },
        { Id: 'fill', Expression: 'FILL(err, 0)' },
      ],
      { ScanBy: 'TimestampAscending' },
    );
    expect(out.MetricDataResults!.map((r) => [r.Id, r.Label, r.Timestamps, r.Values, r.StatusCode])).toEqual([
      // Series meet only where both have a point: minute 2 has no Errors.
      ['rate', 'Error rate', [at(1), at(3)], [10, 10], 'Complete'],
      ['total', 'total', [at(1), at(2), at(3)], [11, 20, 44], 'Complete'],
      ['fill', 'fill', [], [], 'InternalError'],
    ]);
    expect(out.MetricDataResults![2].Messages![0].Value).toMatch(/FILL is not supported by the emulator/);
  });

  it.each([
    ['a syntax error', 'inv *', /Error in expression e1: The expression ends too early/],
    ['an unknown id', 'nope + 1', /Error in expression e1: Unrecognized metric or expression id nope/],
    ['an unknown function', 'WOBBLE(inv)', /Unrecognized function WOBBLE/],
    ['a scalar result', 'SUM(inv)', /must produce a single time series/],
    ['a cycle', 'e1 + 1', /refers to itself/],
  ])('rejects an expression with %s', async (_case, expression, message) => {
    const error = await getData([query(uniqueNamespace(), {}, 'inv'), { Id: 'e1', Expression: expression }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect((error as Error).message).toMatch(message);
  });

  it('pages with MaxDatapoints and NextToken, marking cut results PartialData', async () => {
    const ns = uniqueNamespace();
    await put(ns, Array.from({ length: 5 }, (_, m) => lag(at(m), m)));
    const queries = [query(ns, {}, 'a'), query(ns, { Stat: 'SampleCount' }, 'b')];
    const pages = [];
    let token: string | undefined;
    do {
      const out = await getData(queries, { MaxDatapoints: 4, NextToken: token, ScanBy: 'TimestampAscending' });
      pages.push(out.MetricDataResults!.map((r) => `${r.Id}:${r.Values!.join(',')}:${r.StatusCode}`));
      token = out.NextToken;
    } while (token);
    expect(pages).toEqual([
      ['a:0,1,2,3:PartialData', 'b::PartialData'],
      ['a:4:Complete', 'b:1,1,1:PartialData'],
      ['a::Complete', 'b:1,1:Complete'],
    ]);
  });

  it('lets the AWS/Lambda namespace through, standing in for the Lambda service', async () => {
    const fn = `fn-${++counter}`;
    await put('AWS/Lambda', [{ MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: fn }], Timestamp: at(1), Value: 1500, Unit: 'Milliseconds' }]);
    const out = await getData([{ Id: 'age', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: fn }] }, Period: 60, Stat: 'Maximum', Unit: 'Milliseconds' } }]);
    expect(out.MetricDataResults![0].Values).toEqual([1500]);
  });

  it('publishes through the MetricSink (AWS/SQS), with epoch-millisecond timestamps, default now', async () => {
    const queue = `q-${++counter}`;
    const dimensions = [{ Name: 'QueueName', Value: queue }];
    emu.services.cloudwatch.putMetric({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions, timestamp: base + 2 * MINUTE, value: 30, unit: 'Seconds' });
    emu.services.cloudwatch.putMetric({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions, timestamp: base + 2 * MINUTE + 10_000, value: 45, unit: 'Seconds' });
    const out = await getData([{ Id: 'age', MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: dimensions }, Period: 60, Stat: 'Maximum' } }]);
    expect(out.MetricDataResults![0]).toMatchObject({ Timestamps: [at(2)], Values: [45] });
  });

  it('stamps a datum without Timestamp with the emulator clock', async () => {
    const ns = uniqueNamespace();
    await put(ns, [{ MetricName: 'Lag', Dimensions: [{ Name: 'Fn', Value: 'f' }], Value: 9 }]);
    const now = emu.clock.now();
    const out = await getData([query(ns)], { StartTime: new Date(now - 10 * MINUTE), EndTime: new Date(now + MINUTE) });
    expect(out.MetricDataResults![0].Values).toEqual([9]);
    expect(out.MetricDataResults![0].Timestamps![0].getTime()).toBe(Math.floor(now / MINUTE) * MINUTE);
  });

  it('fails with an injected fault on a CloudWatch target', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'GraniteServiceVersion20100801.GetMetricData', error: 'InternalServiceError', status: 500, message: 'boom' }] });
    await expect(getData([query(uniqueNamespace())])).rejects.toMatchObject({ name: 'InternalServiceFault', $metadata: { httpStatusCode: 500 } });
    await expect(emu.cloudwatch.send(new ListMetricsCommand({ Namespace: uniqueNamespace() }))).resolves.toMatchObject({ Metrics: [] });
  });
});

describe('validation', () => {
  const ns = 'Eddy/Validation';
  it.each<[string, PutMetricDataCommandInput, unknown, RegExp]>([
    ['an AWS/ namespace other than AWS/Lambda', { Namespace: 'AWS/SQS', MetricData: [lag(recent, 1)] }, InvalidParameterValueException, /^The value AWS\/SQS for parameter Namespace is invalid\.$/],
    ['a missing MetricName', { Namespace: ns, MetricData: [{ Value: 1 } as MetricDatum] }, MissingRequiredParameterException, /MetricData\.member\.1\.MetricName is required/],
    ['Value with StatisticValues', { Namespace: ns, MetricData: [lag(recent, 1, { StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } })] }, InvalidParameterCombinationException, /mutually exclusive/],
    ['Values and Counts of different sizes', { Namespace: ns, MetricData: [lag(recent, 0, { Value: undefined, Values: [1, 2], Counts: [1] })] }, InvalidParameterValueException, /must be of the same size/],
    ['an unknown unit', { Namespace: ns, MetricData: [lag(recent, 1, { Unit: 'Parsecs' as 'Count' })] }, InvalidParameterValueException, /Parsecs for parameter MetricData\.member\.1\.Unit/],
    ['StorageResolution 5', { Namespace: ns, MetricData: [lag(recent, 1, { StorageResolution: 5 })] }, InvalidParameterValueException, /StorageResolution is invalid/],
    ['a timestamp over two weeks old', { Namespace: ns, MetricData: [lag(new Date(Date.now() - 15 * 24 * 3_600_000), 1)] }, InvalidParameterValueException, /within the past two weeks/],
    ['a timestamp three hours ahead', { Namespace: ns, MetricData: [lag(new Date(Date.now() + 3 * 3_600_000 + 3_600_000), 1)] }, InvalidParameterValueException, /two hours in the future/],
    ['31 dimensions', { Namespace: ns, MetricData: [lag(recent, 1, { Dimensions: Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' })) })] }, InvalidParameterValueException, /greater than 30/],
    ['no value at all', { Namespace: ns, MetricData: [lag(recent, 0, { Value: undefined })] }, MissingRequiredParameterException, /Value is required/],
  ])('PutMetricData rejects %s', async (_case, input, errorClass, message) => {
    const error = await emu.cloudwatch.send(new PutMetricDataCommand(input)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toMatch(message);
  });

  it('sends the legacy query code CloudWatch clients also read', async () => {
    const error = (await put('AWS/EC2', [lag(recent, 1)]).catch((e: unknown) => e)) as { Error?: { Code: string; Type: string } };
    expect(error.Error).toMatchObject({ Code: 'InvalidParameterValue', Type: 'Sender' });
  });

  it.each<[string, Partial<GetMetricDataCommandInput>, unknown, RegExp]>([
    ['an Id starting with a capital', { MetricDataQueries: [query(ns, {}, 'M1')] }, InvalidParameterValueException, /M1 for parameter MetricDataQueries\.member\.1\.Id is invalid/],
    ['a repeated Id', { MetricDataQueries: [query(ns), query(ns)] }, InvalidParameterValueException, /is not unique/],
    ['501 queries', { MetricDataQueries: Array.from({ length: 501 }, (_, i) => query(ns, {}, `m${i}`)) }, InvalidParameterValueException, /greater than 500/],
    ['a period of 45 s', { MetricDataQueries: [query(ns, { Period: 45 })] }, InvalidParameterValueException, /Period must be 1, 5, 10, 20, 30 or a multiple of 60/],
    ['an unknown statistic', { MetricDataQueries: [query(ns, { Stat: 'Median' })] }, InvalidParameterValueException, /Median for parameter MetricDataQueries\.member\.1\.MetricStat\.Stat/],
    ['both MetricStat and Expression', { MetricDataQueries: [{ ...query(ns), Expression: 'm1' }] }, InvalidParameterCombinationException, /Exactly one of/],
    ['StartTime equal to EndTime', { MetricDataQueries: [query(ns)], StartTime: recent, EndTime: recent }, InvalidParameterValueException, /StartTime must be less than/],
    ['an unknown ScanBy', { MetricDataQueries: [query(ns)], ScanBy: 'Sideways' as 'TimestampAscending' }, InvalidParameterValueException, /ScanBy/],
    ['a token it did not issue', { MetricDataQueries: [query(ns)], NextToken: 'forged' }, InvalidNextToken, /NextToken/],
  ])('GetMetricData rejects %s', async (_case, input, errorClass, message) => {
    const error = await emu.cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(recent.getTime() - 3_600_000), EndTime: recent, MetricDataQueries: [], ...input })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toMatch(message);
  });

  it('answers an operation it does not emulate with UnknownOperationException', async () => {
    await expect(emu.cloudwatch.send(new DescribeAlarmsCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });
});

describe('GetMetricStatistics', () => {
  it('answers the requested statistics and percentiles per period, with the unit', async () => {
    const ns = uniqueNamespace();
    await put(ns, [lag(at(1), 2, { Unit: 'Count' }), lag(at(1), 4, { Unit: 'Count' }), lag(at(2), 6, { Unit: 'Count' })]);
    const out = await emu.cloudwatch.send(
      new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Lag', Dimensions: [{ Name: 'Fn', Value: 'f' }], StartTime: at(0), EndTime: at(10), Period: 60, Statistics: ['Sum', 'Average'] }),
    );
    expect(out.Label).toBe('Lag');
    const points = out.Datapoints!.sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
    expect(points).toEqual([
      { Timestamp: at(1), Sum: 6, Average: 3, Unit: 'Count' },
      { Timestamp: at(2), Sum: 6, Average: 6, Unit: 'Count' },
    ]);
    const extended = await emu.cloudwatch.send(
      new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Lag', Dimensions: [{ Name: 'Fn', Value: 'f' }], StartTime: at(0), EndTime: at(10), Period: 600, ExtendedStatistics: ['p50'] }),
    );
    expect(extended.Datapoints).toEqual([{ Timestamp: at(0), Unit: 'Count', ExtendedStatistics: { p50: 4 } }]);
  });

  it('refuses more than 1,440 data points', async () => {
    await expect(
      emu.cloudwatch.send(new GetMetricStatisticsCommand({ Namespace: 'Eddy/X', MetricName: 'Lag', StartTime: at(0), EndTime: at(1441), Period: 60, Statistics: ['Sum'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombinationException', message: expect.stringMatching(/exceeds the limit of 1,440/) });
  });
});

describe('ListMetrics', () => {
  it('filters by namespace, metric name and dimensions', async () => {
    const ns = uniqueNamespace();
    await put(ns, [
      lag(at(1), 1),
      lag(at(1), 1, { Dimensions: [{ Name: 'Fn', Value: 'g' }] }),
      { MetricName: 'Errors', Dimensions: [{ Name: 'Fn', Value: 'f' }, { Name: 'Alias', Value: 'live' }], Timestamp: at(1), Value: 1 },
    ]);
    const names = async (input: ConstructorParameters<typeof ListMetricsCommand>[0]) =>
      (await emu.cloudwatch.send(new ListMetricsCommand({ Namespace: ns, ...input }))).Metrics!.map((m) => `${m.MetricName}[${m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(',')}]`).sort();
    expect(await names({})).toEqual(['Errors[Alias=live,Fn=f]', 'Lag[Fn=f]', 'Lag[Fn=g]']);
    expect(await names({ MetricName: 'Lag' })).toEqual(['Lag[Fn=f]', 'Lag[Fn=g]']);
    expect(await names({ Dimensions: [{ Name: 'Fn', Value: 'f' }] })).toEqual(['Errors[Alias=live,Fn=f]', 'Lag[Fn=f]']);
    expect(await names({ Dimensions: [{ Name: 'Alias' }] })).toEqual(['Errors[Alias=live,Fn=f]']);
    expect(await names({ RecentlyActive: 'PT3H' })).toHaveLength(3);
  });

  it('pages 500 metrics at a time', async () => {
    const ns = uniqueNamespace();
    // 1,000 datums make a body over 10 KB, which the SDK sends gzipped (PutMetricData's requestCompression).
    await put(ns, Array.from({ length: 1000 }, (_, i) => ({ MetricName: `M${i}`, Timestamp: at(1), Value: i })));
    await put(ns, [{ MetricName: 'Last', Timestamp: at(1), Value: 0 }]);
    const first = await emu.cloudwatch.send(new ListMetricsCommand({ Namespace: ns }));
    expect(first.Metrics).toHaveLength(500);
    const second = await emu.cloudwatch.send(new ListMetricsCommand({ Namespace: ns, NextToken: first.NextToken }));
    const third = await emu.cloudwatch.send(new ListMetricsCommand({ Namespace: ns, NextToken: second.NextToken }));
    expect(third.Metrics).toHaveLength(1);
    expect(third.NextToken).toBeUndefined();
    const all = [...first.Metrics!, ...second.Metrics!, ...third.Metrics!].map((m) => m.MetricName);
    expect(new Set(all).size).toBe(1001);
  });
});

describe('retention', () => {
  it('forgets data older than 15 days of emulator time, and then the metric', async () => {
    const own = await startTestEmulator();
    try {
      const ns = 'Eddy/Retention';
      await own.cloudwatch.send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'Lag', Value: 1 }] }));
      const start = new Date(own.clock.now() - 3_600_000);
      const read = async () =>
        (
          await own.cloudwatch.send(
            new GetMetricDataCommand({ MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: ns, MetricName: 'Lag' }, Period: 60, Stat: 'Sum' } }], StartTime: start, EndTime: new Date(own.clock.now() + 60_000) }),
          )
        ).MetricDataResults![0].Values;
      expect(await read()).toEqual([1]);
      await own.control('POST', '/_eddy/clock', { advanceMs: 14 * 24 * 3_600_000 });
      expect(await read()).toEqual([1]);
      await own.control('POST', '/_eddy/clock', { advanceMs: 2 * 24 * 3_600_000 });
      expect(await read()).toEqual([]);
      expect((await own.cloudwatch.send(new ListMetricsCommand({ Namespace: ns }))).Metrics).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});
