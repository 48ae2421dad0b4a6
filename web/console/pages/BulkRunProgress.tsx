import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../shared/format';
import type { BulkRunView } from '../types';

/**
 * How far a run is, as a share of its line-stages: a line counts one for each stage it has done, and
 * all of its stages once it has ended (deactivated, reinstated, failed or cancelled: nothing more is
 * due for it). So the bar moves with every batch, not only when lines reach the end.
 */
export function runDoneShare(run: BulkRunView): number {
  const stages = run.stages.length;
  const { lines, atStage, ended } = run.progress;
  if (lines === 0 || stages === 0) return run.state === 'completed' ? 1 : 0;
  let done = (ended.deactivated + ended.reinstated + ended.failed + ended.cancelled) * stages;
  run.stages.forEach((stage, index) => (done += (atStage[stage] ?? 0) * (index + 1)));
  return Math.min(1, done / (lines * stages));
}

/** The progress bar of a run, named for it, with the share done in words beside it. */
export function BulkRunProgressBar({ run, labelId }: { run: BulkRunView; labelId?: string }) {
  const { t, i18n } = useTranslation();
  const percent = Math.floor(runDoneShare(run) * 100);
  return (
    <div className="run-progress">
      <progress
        max={100}
        value={percent}
        aria-labelledby={labelId}
        aria-label={labelId ? undefined : t('console.bulk.progressOf', { name: run.name })}
      />
      <span>{t('console.bulk.percentDone', { percent: formatNumber(percent, i18n.language) })}</span>
    </div>
  );
}

/** Open lines by the last stage they finished, then lines that ended, by how. */
export function BulkRunCounts({ run, caption }: { run: BulkRunView; caption: string }) {
  const { t, i18n } = useTranslation();
  const rows: [string, string, number][] = [
    ['pending', t('console.bulk.atStage.pending'), run.progress.atStage.pending ?? 0],
    ...run.stages
      .filter((stage) => stage !== 'deactivate')
      .map((stage): [string, string, number] => [
        stage,
        t(`console.bulk.atStage.${stage}`, { defaultValue: stage }),
        run.progress.atStage[stage] ?? 0,
      ]),
    ...(['deactivated', 'reinstated', 'failed', 'cancelled'] as const).map((how): [string, string, number] => [
      how,
      t(`console.bulk.ended.${how}`),
      run.progress.ended[how],
    ]),
  ];
  return (
    <table className="run-counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.bulk.stageColumn')}</th>
          <th scope="col">{t('console.bulk.linesColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, count]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td>{formatNumber(count, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('console.bulk.allLines')}</th>
          <td>{formatNumber(run.progress.lines, i18n.language)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
