import { useTranslation } from 'react-i18next';
import type { CaseView } from '../types';

type Message = CaseView['communications'][number];

/** A message written by a person (the holder or staff), or one notification with all its copies. */
type Entry = { kind: 'conversation'; message: Message } | { kind: 'notification'; copies: Message[] };

/**
 * One entry per notification: simexit sends each notification to every contact on file, by text and by
 * e-mail, at the same moment (one transaction), so its copies share their template and time and read
 * almost alike. Messages people wrote stay one entry each.
 */
function entriesOf(messages: Message[]): Entry[] {
  const entries: Entry[] = [];
  const notifications = new Map<string, Message[]>();
  for (const message of messages) {
    if (message.template === null) {
      entries.push({ kind: 'conversation', message });
      continue;
    }
    const key = `${message.template}|${message.at.slice(0, 19)}`;
    const copies = notifications.get(key);
    if (copies) copies.push(message);
    else {
      const first = [message];
      notifications.set(key, first);
      entries.push({ kind: 'notification', copies: first });
    }
  }
  return entries;
}

/**
 * The case's communication log, under its timeline: what people wrote is shown in full; each
 * notification is one closed disclosure (a native <details>, opened with Enter or Space) naming its
 * subject and channels, holding every copy with its recipient.
 */
export function CaseMessages({ messages, at }: { messages: Message[]; at: (iso: string) => string }) {
  const { t } = useTranslation();
  const channel = (name: string) => t(`channel.${name}`, { defaultValue: name });
  return (
    <section aria-labelledby="log-title" className="messages">
      <h2 id="log-title">{t('case.log')}</h2>
      {messages.length === 0 ? (
        <p>{t('case.logEmpty')}</p>
      ) : (
        <>
          <p className="hint">{t('case.logHint')}</p>
          <ol className="log">
            {entriesOf(messages).map((entry, index) => {
              if (entry.kind === 'conversation') {
                const { message } = entry;
                return (
                  <li key={index} className={`message message-${message.direction}`}>
                    <p className="meta">
                      <time dateTime={message.at}>{at(message.at)}</time> · {channel(message.channel)} ·{' '}
                      {message.direction === 'inbound' ? t('case.fromYou') : t('case.fromUs')}
                    </p>
                    {/* Text, never HTML: whatever anyone wrote is shown as written. */}
                    <p className="body">{message.body}</p>
                  </li>
                );
              }
              const first = entry.copies[0]!;
              const channels = [...new Set(entry.copies.map((copy) => channel(copy.channel)))].join(', ');
              return (
                <li key={index} className="message message-notification">
                  <details>
                    <summary>
                      <span className="subject">{first.subject ?? t('case.fromUs')}</span>
                      <span className="meta">
                        <time dateTime={first.at}>{at(first.at)}</time> · {channels}
                      </span>
                    </summary>
                    {entry.copies.map((copy, copyIndex) => (
                      <div key={copyIndex} className="copy">
                        <p className="meta">
                          {copy.to
                            ? t('case.sentTo', { channel: channel(copy.channel), to: copy.to })
                            : channel(copy.channel)}
                        </p>
                        {copy.subject && copy.subject !== first.subject && <p className="subject">{copy.subject}</p>}
                        <p className="body">{copy.body}</p>
                      </div>
                    ))}
                  </details>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
