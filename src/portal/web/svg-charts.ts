import { html, type SafeHtml } from './html.js';

/** One bar of a stacked chart: its label and one value per series, in series order. */
export interface StackedBar {
  label: string;
  values: number[];
}

export interface ChartSpec {
  id: string;
  title: string;
  series: string[];
  bars: StackedBar[];
}

const width = 720;
/** Series colours in order: success, failure, in between, other; the legend's swatches match (.s0 to .s3). */
const colors = ['#15803d', '#b42318', '#b45309', '#1d4ed8'];

function legend(series: string[]): SafeHtml {
  return html`<ul class="legend" aria-hidden="true">${series.map((name, index) => html`<li><span class="swatch s${index}"></span>${name}</li>`)}</ul>`;
}

/** The same figures as a table, for screen readers and for anyone who wants the numbers. */
function dataTable(spec: ChartSpec, firstColumn: string): SafeHtml {
  return html`<details><summary>${spec.title}: the figures as a table</summary><table>
<caption>${spec.title}</caption><thead><tr><th scope="col">${firstColumn}</th>${spec.series.map((name) => html`<th scope="col" class="num">${name}</th>`)}</tr></thead>
<tbody>${spec.bars.map((bar) => html`<tr><th scope="row">${bar.label}</th>${bar.values.map((value) => html`<td class="num">${value}</td>`)}</tr>`)}</tbody></table></details>`;
}

const total = (bar: StackedBar) => bar.values.reduce((sum, value) => sum + value, 0);

/** Columns over time (one per day), stacked by series; drawn on the server, so no script is needed. */
export function columnChart(spec: ChartSpec): SafeHtml {
  const height = 240;
  const left = 48;
  const bottom = 28;
  const plotHeight = height - bottom - 12;
  // An even top, so the middle grid line falls on a whole number.
  const max = Math.max(2, Math.ceil(Math.max(...spec.bars.map(total)) / 2) * 2);
  // Columns stay narrow when there are few days, so one day never looks like a wall.
  const step = Math.min(48, (width - left - 8) / Math.max(1, spec.bars.length));
  const labelEvery = Math.ceil(spec.bars.length / 8);
  const y = (value: number) => 12 + plotHeight - (value / max) * plotHeight;
  const columns = spec.bars.map((bar, index) => {
    let base = 0;
    const x = left + index * step + step * 0.15;
    const rects = bar.values.map((value, series) => {
      const top = y(base + value);
      const rect =
        value > 0
          ? html`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${(y(base) - top).toFixed(1)}" fill="${colors[series]!}"></rect>`
          : html``;
      base += value;
      return rect;
    });
    const label =
      index % labelEvery === 0
        ? html`<text x="${(x + step * 0.35).toFixed(1)}" y="${height - 8}" text-anchor="middle">${bar.label.slice(5)}</text>`
        : html``;
    return html`${rects}${label}`;
  });
  const ticks = [0, max / 2, max].map(
    (value) =>
      html`<line x1="${left}" x2="${width - 8}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#d0d5dd"></line><text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value}</text>`,
  );
  return html`<figure><svg class="chart" id="${spec.id}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${spec.id}-title"><title id="${spec.id}-title">${spec.title}</title>${ticks}${columns}</svg>
${legend(spec.series)}${dataTable(spec, 'Day')}</figure>`;
}

/** One horizontal bar per row (a route, say), stacked by series. */
export function barChart(spec: ChartSpec): SafeHtml {
  const rowHeight = 26;
  const labelWidth = 300;
  const height = spec.bars.length * rowHeight + 8;
  const max = Math.max(1, ...spec.bars.map(total));
  const scale = (width - labelWidth - 60) / max;
  const rows = spec.bars.map((bar, index) => {
    const top = 4 + index * rowHeight;
    let x = labelWidth;
    const rects = bar.values.map((value, series) => {
      const rect =
        value > 0
          ? html`<rect x="${x.toFixed(1)}" y="${top + 4}" width="${(value * scale).toFixed(1)}" height="${rowHeight - 10}" fill="${colors[series]!}"></rect>`
          : html``;
      x += value * scale;
      return rect;
    });
    return html`<text x="${labelWidth - 8}" y="${top + 17}" text-anchor="end">${bar.label}</text>${rects}<text x="${(x + 6).toFixed(1)}" y="${top + 17}">${total(bar)}</text>`;
  });
  return html`<figure><svg class="chart" id="${spec.id}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${spec.id}-title"><title id="${spec.id}-title">${spec.title}</title>${rows}</svg>
${legend(spec.series)}${dataTable(spec, 'Route')}</figure>`;
}
