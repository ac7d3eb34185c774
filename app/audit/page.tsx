import { AuditLogView } from '@/components/audit/audit-log-view';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getAuditLog, listAuditEntries } from '@/server/data/audit';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Audit' };

export default async function AuditPage() {
  const result = await settle(listAuditEntries());
  return (
    <>
      <PageHeader title="Audit" description="Every change Eddy made: who, when, what, which queues, and how it ended." />
      <ResultView result={result}>{(entries) => <AuditLogView entries={entries} file={getAuditLog().file} />}</ResultView>
    </>
  );
}
