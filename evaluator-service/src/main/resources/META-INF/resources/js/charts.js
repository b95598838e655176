// Chart.js charts (the global Chart comes from the WebJar's UMD bundle, loaded by index.html).

const PALETTE = ['#1d2430', '#2f6fdb', '#d98f00', '#1f9d55', '#9b51e0', '#d64545', '#00a3a3', '#8a6d3b'];

/** The accuracy and loss curves of one experiment: accuracy on the left axis, loss on the right. */
export class CurvesChart {
  constructor(canvas) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { stepSize: 1, precision: 0 } },
          acc: { type: 'linear', position: 'left', title: { display: true, text: 'test accuracy (%)' } },
          loss: { type: 'linear', position: 'right', title: { display: true, text: 'training loss' }, grid: { drawOnChartArea: false } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  /**
   * Shows series: [{ name, points: [{ epoch, accuracy, trainLoss }] }], the teacher first.
   */
  show(series) {
    const datasets = [];
    series.forEach((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      datasets.push({
        label: `${s.name} accuracy`, yAxisID: 'acc', borderColor: color, backgroundColor: color,
        data: s.points.map(p => ({ x: p.epoch, y: p.accuracy * 100 })), tension: 0.15, pointRadius: 4,
      });
      datasets.push({
        label: `${s.name} loss`, yAxisID: 'loss', borderColor: color, backgroundColor: color, borderDash: [6, 4],
        data: s.points.map(p => ({ x: p.epoch, y: p.trainLoss })), tension: 0.15, pointRadius: 3, pointStyle: 'rectRot',
      });
    });
    this.chart.data.datasets = datasets;
    this.chart.update('none');
  }

  /** The number of plotted points, for tests. */
  pointCount() {
    return this.chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
  }
}

/** Per-class test accuracy of one model, as bars. */
export class PerClassChart {
  constructor(canvas) {
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [...Array(10).keys()].map(String), datasets: [{ label: 'accuracy (%)', data: [], backgroundColor: '#2f6fdb' }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { suggestedMin: 80, max: 100, title: { display: true, text: '%' } }, x: { title: { display: true, text: 'true class' } } },
        plugins: { legend: { display: false } },
      },
    });
  }

  show(perClassAccuracy) {
    const values = (perClassAccuracy || []).map(a => (a == null || Number.isNaN(a) ? null : a * 100));
    const min = Math.min(...values.filter(v => v != null), 100);
    this.chart.options.scales.y.suggestedMin = Math.max(0, Math.floor(min / 10) * 10 - 5);
    this.chart.data.datasets[0].data = values;
    this.chart.update('none');
  }
}
