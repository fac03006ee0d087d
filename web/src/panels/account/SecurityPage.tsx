import { useMe } from '../../api/me';
import { useT } from '../../i18n';
import { Page } from '../../ui/Page';
import { ChangePasswordSection } from './ChangePasswordSection';
import { SessionsSection } from './SessionsSection';
import { TwoStepSection } from './TwoStepSection';

/**
 * The account's Security page, for every signed-in person. Each part is a section component of
 * its own. People who sign in by SMS code have no password, so no password section and no second
 * factor (TOTP is for staff and admins).
 */
export function SecurityPage() {
  const t = useT();
  const me = useMe().data;
  return (
    <Page title={t('security.title')} subtitle={t('security.subtitle')}>
      {me?.user.email && <ChangePasswordSection />}
      {me?.user.email && <TwoStepSection />}
      <SessionsSection />
    </Page>
  );
}
