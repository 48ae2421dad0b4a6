import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { formatInstant, localeFor } from '../../shared/format';
import { PageHeading, PageLoading } from '../../shared/ui';

interface InboxMessage {
  id: string;
  channel: string;
  subject: string | null;
  body: string;
  receivedAt: string;
}

/**
 * The demo operator's inbox of one number or e-mail address: the texts and e-mails simexit sent it
 * (one-time codes, receipts, "not you?"), newest first. It stands in for the phone and mailbox of a
 * demo persona; without the demo operator the API has no such inbox and the page says so.
 */
export function InboxPage({ address }: { address: string }) {
  const { t, i18n } = useTranslation();
  const [messages, setMessages] = useState<InboxMessage[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    try {
      const inbox = await api<{ messages: InboxMessage[] }>('GET', `/demo/inbox/${encodeURIComponent(address)}`);
      setMessages([...inbox.messages].reverse());
      setError(null);
    } catch (caught) {
      setError(caught as ApiError);
    }
  }, [address]);
  useEffect(() => {
    void load();
  }, [load]);

  const title = t('inbox.title', { address });
  if (!messages) return <PageLoading title={title} error={error} />;
  const locale = localeFor(i18n.language, undefined);
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>{t('inbox.lead')}</p>
      <p>
        <button type="button" className="secondary" onClick={() => void load()}>
          {t('inbox.refresh')}
        </button>
      </p>
      {messages.length === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <ol className="log">
          {messages.map((message) => (
            <li key={message.id} className="message">
              <p className="meta">
                <time dateTime={message.receivedAt}>{formatInstant(message.receivedAt, locale)}</time> ·{' '}
                {t(`channel.${message.channel}`, { defaultValue: message.channel })}
              </p>
              {message.subject && <p className="subject">{message.subject}</p>}
              {/* Text, never HTML: a message is shown as it was sent. */}
              <p className="body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
