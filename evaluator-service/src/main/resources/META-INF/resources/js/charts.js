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
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item, data) => !data.datasets[item.datasetIndex].edge } },
        },
      },
    });
  }

  /**
   * Shows series: [{ name, points: [{ epoch, accuracy, trainLoss }] }], the teacher first, and bands:
   * [{ label, seeds, color, points: [{ epoch, mean, min, max }] }], one per student repeated over
   * seeds: its mean accuracy as a line, its lowest to highest seed shaded (the max dataset, then the
   * min one filled up to it).
   */
  show(series, bands = []) {
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
    bands.forEach((b, i) => {
      const color = b.color ?? PALETTE[(series.length + i) % PALETTE.length];
      const at = key => b.points.map(p => ({ x: p.epoch, y: p[key] * 100 }));
      const edge = { yAxisID: 'acc', band: true, edge: true, pointRadius: 0, borderWidth: 0, tension: 0.15 };
      datasets.push({ ...edge, label: `${b.label} max`, data: at('max'), fill: false });
      datasets.push({ ...edge, label: `${b.label} min`, data: at('min'), fill: '-1', backgroundColor: `${color}33` });
      datasets.push({
        label: `${b.label} mean of ${b.seeds} seeds`, yAxisID: 'acc', band: true, borderColor: color, backgroundColor: color,
        borderWidth: 3, data: at('mean'), tension: 0.15, pointRadius: 0,
      });
    });
    this.chart.data.datasets = datasets;
    this.chart.update('none');
  }

  /** The number of plotted points of the series, bands left out, for tests. */
  pointCount() {
    return this.chart.data.datasets.filter(d => !d.band).reduce((n, d) => n + d.data.length, 0);
  }

  /** The number of shaded seed bands, for tests. */
  bandCount() {
    return this.chart.data.datasets.filter(d => d.fill === '-1').length;
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
