import { useTranslation } from 'react-i18next';
import { useStateName } from '../permissions';
import type { StaffCaseView } from '../types';

/** A case's timeline and its communication log, as staff read them. */
export function CaseHistory({ view, at }: { view: StaffCaseView; at: (iso: string) => string }) {
  const { t } = useTranslation();
  const stateName = useStateName();
  /** An event as staff read it: what happened (an approval says which), and who did it, by name where known. */
  const eventText = (event: StaffCaseView['timeline'][number]) => {
    const what =
      event.type === 'approve'
        ? event.to === 'in_review'
          ? t('console.event.firstApproval')
          : t('console.event.approved', { state: stateName(event.to) })
        : event.type === 'review_deadline_passed'
          ? t('console.case.escalatedEvent')
          : event.type === 'number_released'
            ? t('console.timer.quarantine_end')
            : stateName(event.to);
    const who = event.actorName ?? t(`console.actor.${event.actor}`, { defaultValue: event.actor });
    const why = event.reason ? ` · ${t(`console.reason.${event.reason}`, { defaultValue: event.reason })}` : '';
    return `${what} · ${who}${why}`;
  };

  return (
    <>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <ol className="timeline">
          {view.timeline.map((event, index) => (
            <li key={index}>
              <time dateTime={event.at}>{at(event.at)}</time>
              <span>{eventText(event)}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t('case.log')}</h2>
        <ol className="log">
          {view.communications.map((m, index) => (
            <li key={index} className={`message message-${m.direction}`}>
              <p className="meta">
                <time dateTime={m.at}>{at(m.at)}</time> ·{' '}
                {m.direction === 'inbound' && m.channel === 'portal'
                  ? t('console.logChannel.portalInbound')
                  : t(`console.logChannel.${m.channel}`, { defaultValue: m.channel })}{' '}
                · {m.direction === 'inbound' ? t('console.case.fromHolder') : (m.to ?? t('console.case.toHolder'))}
              </p>
              {m.subject && <p className="subject">{m.subject}</p>}
              <p className="body">{m.body}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
