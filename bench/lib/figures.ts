/** One line of the results table (and of bench-results/latest.json). */
export interface Figure {
  /** Section, e.g. "1 sync latency". */
  group: string;
  name: string;
  value: number | null;
  unit: string;
  /** Human-readable target, e.g. "<= 100 ms"; null for a figure reported for context. */
  target: string | null;
  targetValue?: number | null;
  /** null when there is no target (context, or a floor). */
  met: boolean | null;
  note?: string;
}

/** A figure with a numeric ceiling. */
export function atMost(group: string, name: string, value: number | null, unit: string, limit: number, target = `<= ${limit} ${unit}`, note?: string): Figure {
  return { group, name, value, unit, target, targetValue: limit, met: value === null || Number.isNaN(value) ? false : value <= limit, note };
}

/** A figure reported for context, without a target. */
export function info(group: string, name: string, value: number | null, unit: string, note?: string): Figure {
  return { group, name, value, unit, target: null, met: null, note };
}

/** A figure whose section failed to run: the target counts as missed. */
export function failed(group: string, name: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return { group, name, value: null, unit: '', target: 'runs', met: false, note: `failed: ${message.split('\n')[0]!.slice(0, 200)}` };
}

function formatValue(figure: Figure): string {
  if (figure.value === null || Number.isNaN(figure.value)) return '-';
  const v = figure.value;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${figure.unit}`.trim();
}

/** The results as a plain-text table: figure, value, target, met? */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    `${f.group}: ${f.name}`,
    formatValue(f),
    f.target ?? '',
    f.met === null ? '' : f.met ? 'yes' : 'NO',
    f.note ?? '',
  ]);
  const header = ['figure', 'value', 'target', 'met?', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 4 ? 0 : r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 4 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w, i) => (i === 4 ? '----' : '-'.repeat(w)))), ...rows.map(line)].join('\n');
}
