import { TraceReading } from '@/components/traces/trace-view';

export default function Loading() {
  return <TraceReading />;
}
