import { Badge } from '@mantine/core';
import { useT } from '../../i18n';
import { useClinic } from '../../ui/place';
import { useApprovals } from './api';

/** The number of requests waiting, beside the menu entry (nothing when none). */
export function ApprovalsBadge() {
  const t = useT();
  const { clinicId } = useClinic();
  const count = useApprovals(clinicId).data?.count ?? 0;
  if (count === 0) return null;
  return (
    <Badge size="sm" color="orange.9" variant="filled" aria-label={t('approvals.waiting', { count })}>
      {count}
    </Badge>
  );
}
