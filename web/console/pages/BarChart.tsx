import { useEffect, useRef } from 'react';

/**
 * A bar chart (Chart.js, loaded only when a report is opened). The canvas is an image to assistive
 * technology, labelled with its title; the same figures are always in a table beside it.
 */
export function BarChart({ title, labels, values }: { title: string; labels: string[]; values: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import('chart.js/auto').then(({ default: Chart }) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label: title, data: values, backgroundColor: '#0b4f8a' }] },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [title, labels, values]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
