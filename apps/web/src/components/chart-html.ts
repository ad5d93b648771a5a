// ECharts puts a tooltip formatter's string into the page as HTML. Every formatter builds it with `chartHtml`, which
// escapes each interpolated value (indicator names, units, item codes come from imported documents and reports), so
// a record is shown as text and only the template's own markup (<br/>) is HTML. Hand-written because ECharts' own
// encoder (echarts.format.encodeHTML) would pull ECharts into the page's chunk, which loads it lazily (Chart.tsx).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A tagged template: `chartHtml\`${name}<br/>${value}\`` — the literal parts are markup, every value is text. */
export function chartHtml(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((html, literal, i) => html + literal + (i < values.length ? escapeHtml(values[i]) : ''), '');
}
