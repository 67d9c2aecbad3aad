import { EXPORT_FORMAT, EXPORT_FORMATS, type CanvasExport } from '../../shared/exportFormat';

/**
 * Snapshots are exports this server wrote (those saved before @2 are @1: the same but for
 * rounds, which a snapshot never holds); the format check guards against a foreign row.
 */
export function parseSnapshot(snapshot: string): CanvasExport {
  const content = JSON.parse(snapshot) as CanvasExport;
  if (!(EXPORT_FORMATS as readonly string[]).includes(content.format)) throw new Error('a version snapshot is not in the export format');
  return { ...content, format: EXPORT_FORMAT };
}
