import type * as Y from 'yjs';
import { canvasLanguage, subtitleText, titleText } from '../../shared/docLayout';
import type { CanvasMeta } from '../storage/Storage';

/** A canvas's title, subtitle and language as its document has them, and whether they changed. */
export class MetaDiff {
  private last: CanvasMeta;

  constructor(private readonly doc: Y.Doc) {
    this.last = this.read();
  }

  read(): CanvasMeta {
    return {
      title: titleText(this.doc).toString(),
      subtitle: subtitleText(this.doc).toString(),
      language: canvasLanguage(this.doc),
    };
  }

  /** The meta now, if it changed since last taken (or since the document was loaded). */
  takeChanged(): CanvasMeta | null {
    const meta = this.read();
    const last = this.last;
    if (meta.title === last.title && meta.subtitle === last.subtitle && meta.language === last.language) return null;
    this.last = meta;
    return meta;
  }
}
