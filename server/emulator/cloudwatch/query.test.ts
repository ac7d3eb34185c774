import { GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRequest, startTestEmulator, xmlValues, type TestEmulator } from '../testing';

/**
 * CloudWatch over the query protocol (`Version=2010-08-01`), every operation the emulator
 * serves, as Debian's AWS CLI 2.9 sends them: `.member.N` lists, ISO 8601 timestamps
 * (reference part 2, §1.2–1.5). The JSON SDK reads what the query side wrote, and back.
 */

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
const namespace = () => `Query/Test${++counter}`;
const cw = (Action: string, params: Record<string, string | number> = {}) => queryRequest(emu.url, { Action, Version: '2010-08-01', ...params });
/** A whole minute a few minutes back on the emulator clock, in ISO 8601. */
const minuteAgo = (minutes: number) => new Date(Math.floor(emu.clock.now() / 60_000) * 60_000 - minutes * 60_000).toISOString();

describe('CloudWatch query protocol', () => {
  it('PutMetricData (values, dimensions, ISO timestamps) is read back by GetMetricStatistics over JSON', async () => {
    const ns = namespace();
    const at = minuteAgo(2);
    const put = await cw('PutMetricData', {
      Namespace: ns,
      'MetricData.member.1.MetricName': 'Depth',
      'MetricData.member.1.Dimensions.member.1.Name': 'QueueName',
      'MetricData.member.1.Dimensions.member.1.Value': 'q1',
      'MetricData.member.1.Value': 1.5,
      'MetricData.member.1.Unit': 'Count',
      'MetricData.member.1.Timestamp': at,
      'MetricData.member.2.MetricName': 'Depth',
      'MetricData.member.2.Dimensions.member.1.Name': 'QueueName',
      'MetricData.member.2.Dimensions.member.1.Value': 'q1',
      'MetricData.member.2.Values.member.1': 2,
      'MetricData.member.2.Values.member.2': 4,
      'MetricData.member.2.Counts.member.1': 1,
      'MetricData.member.2.Counts.member.2': 3,
      'MetricData.member.2.Unit': 'Count',
      'MetricData.member.2.Timestamp': at,
    });
    expect(put.status, put.xml).toBe(200);
    expect(put.xml).toContain('<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata>');
    const json = await emu.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Depth',
        Dimensions: [{ Name: 'QueueName', Value: 'q1' }],
        StartTime: new Date(Date.parse(at) - 60_000),
        EndTime: new Date(Date.parse(at) + 60_000),
        Period: 60,
        Statistics: ['Sum', 'SampleCount', 'Maximum'],
      }),
    );
    expect(json.Datapoints).toEqual([expect.objectContaining({ Sum: 15.5, SampleCount: 5, Maximum: 4 })]);
  });

  it('GetMetricStatistics answers <Datapoints><member> with ISO timestamps and extended statistics as <entry>', async () => {
    const ns = namespace();
    const at = new Date(minuteAgo(3));
    await emu.cloudwatch.send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'Age', Value: 12, Unit: 'Seconds', Timestamp: at }] }));
    const params = {
      Namespace: ns,
      MetricName: 'Age',
      StartTime: new Date(at.getTime() - 60_000).toISOString(),
      EndTime: new Date(at.getTime() + 60_000).toISOString(),
      Period: 60,
    };
    const res = await cw('GetMetricStatistics', { ...params, 'Statistics.member.1': 'Maximum' });
    expect(res.xml).toContain(
      `<GetMetricStatisticsResult><Label>Age</Label><Datapoints><member><Timestamp>${at.toISOString()}</Timestamp><Maximum>12</Maximum><Unit>Seconds</Unit></member></Datapoints></GetMetricStatisticsResult>`,
    );
    const extended = await cw('GetMetricStatistics', { ...params, 'ExtendedStatistics.member.1': 'p99' });
    expect(extended.xml).toContain('<ExtendedStatistics><entry><key>p99</key><value>12</value></entry></ExtendedStatistics>');
  });

  it('GetMetricData answers <MetricDataResults><member> with <Timestamps> and <Values> lists', async () => {
    const ns = namespace();
    const first = new Date(minuteAgo(4));
    const second = new Date(minuteAgo(3));
    await emu.cloudwatch.send(
      new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'X', Value: 1, Timestamp: first }, { MetricName: 'X', Value: 3, Timestamp: second }] }),
    );
    const res = await cw('GetMetricData', {
      'MetricDataQueries.member.1.Id': 'a',
      'MetricDataQueries.member.1.MetricStat.Metric.Namespace': ns,
      'MetricDataQueries.member.1.MetricStat.Metric.MetricName': 'X',
      'MetricDataQueries.member.1.MetricStat.Period': 60,
      'MetricDataQueries.member.1.MetricStat.Stat': 'Sum',
      'MetricDataQueries.member.2.Id': 'b',
      'MetricDataQueries.member.2.Expression': 'a * 2',
      StartTime: new Date(first.getTime() - 60_000).toISOString(),
      EndTime: new Date(second.getTime() + 60_000).toISOString(),
    });
    expect(res.status, res.xml).toBe(200);
    expect(res.xml).toContain(
      `<member><Id>a</Id><Label>X</Label><Timestamps><member>${second.toISOString()}</member><member>${first.toISOString()}</member></Timestamps><Values><member>3</member><member>1</member></Values><StatusCode>Complete</StatusCode>`,
    );
    expect(res.xml).toContain('<Values><member>6</member><member>2</member></Values>');
  });

  it('ListMetrics filters by namespace and dimensions and answers <Metrics><member>', async () => {
    const ns = namespace();
    await emu.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          { MetricName: 'A', Dimensions: [{ Name: 'QueueName', Value: 'q1' }], Value: 1 },
          { MetricName: 'B', Dimensions: [{ Name: 'QueueName', Value: 'q2' }], Value: 1 },
        ],
      }),
    );
    const res = await cw('ListMetrics', { Namespace: ns, 'Dimensions.member.1.Name': 'QueueName', 'Dimensions.member.1.Value': 'q1' });
    expect(res.xml).toContain(
      `<ListMetricsResult><Metrics><member><Namespace>${ns}</Namespace><MetricName>A</MetricName><Dimensions><member><Name>QueueName</Name><Value>q1</Value></member></Dimensions></member></Metrics>`,
    );
    expect(xmlValues(res.xml, 'MetricName')).toEqual(['A']);
  });

  it('errors are <ErrorResponse> with the legacy code: a bad period, a missing parameter, a bad timestamp', async () => {
    const bad = await cw('GetMetricStatistics', {
      Namespace: 'N',
      MetricName: 'M',
      StartTime: minuteAgo(10),
      EndTime: minuteAgo(0),
      Period: 7,
      'Statistics.member.1': 'Sum',
    });
    expect(bad.status).toBe(400);
    expect(bad.xml).toContain('<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code>');
    expect(bad.xml).not.toContain('<Detail/>');
    const missing = await cw('PutMetricData', { 'MetricData.member.1.MetricName': 'M', 'MetricData.member.1.Value': 1 });
    expect(xmlValues(missing.xml, 'Code')).toEqual(['MissingParameter']);
    const time = await cw('GetMetricStatistics', { Namespace: 'N', MetricName: 'M', StartTime: 'yesterday', EndTime: minuteAgo(0), Period: 60 });
    expect(xmlValues(time.xml, 'Code')).toEqual(['InvalidParameterValue']);
  });
});
