import { EXPORT_FORMAT, type CanvasExport } from '../../shared/exportFormat';

/** Snapshots are exports this server wrote; the format check guards against a foreign row. */
export function parseSnapshot(snapshot: string): CanvasExport {
  const content = JSON.parse(snapshot) as CanvasExport;
  if (content.format !== EXPORT_FORMAT) throw new Error('a version snapshot is not in the export format');
  return content;
}
