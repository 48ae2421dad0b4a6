import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../shared/ui';

/** Where the serial number is, what to do without access to the account, and the official channels. */
export function HelpPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('help.title')}>{t('help.title')}</PageHeading>
      <h2 id="iccid">{t('help.iccidTitle')}</h2>
      <p>{t('help.iccid')}</p>
      <h2 id="login">{t('help.loginTitle')}</h2>
      <p>{t('help.login')}</p>
      <ul>
        <li>{t('help.login1')}</li>
        <li>{t('help.login2')}</li>
        <li>{t('help.login3')}</li>
      </ul>
      <h2>{t('help.lockedTitle')}</h2>
      <p>{t('help.locked')}</p>
      <h2>{t('help.channelsTitle')}</h2>
      <p>{t('help.channels')}</p>
      <h2>{t('help.safetyTitle')}</h2>
      <p>{t('help.safety')}</p>
    </>
  );
}
