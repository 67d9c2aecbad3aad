import type * as Y from 'yjs';
import { MAX_SUBTITLE_LENGTH, MAX_TITLE_LENGTH } from '../../../shared/exportFormat';
import { useYText } from '../collab/useYText';
import { t } from '../i18n/strings';

interface Props {
  title: Y.Text;
  subtitle: Y.Text;
  editable: boolean;
}

/** The page header: the canvas title and the organisation / period line. */
export function CanvasHeader({ title, subtitle, editable }: Props) {
  const titleBinding = useYText(title, MAX_TITLE_LENGTH);
  const subtitleBinding = useYText(subtitle, MAX_SUBTITLE_LENGTH);
  return (
    <header className="page__header">
      <input
        ref={titleBinding.inputRef}
        className="page__title"
        value={titleBinding.value}
        onChange={titleBinding.onChange}
        placeholder={t.canvasTitlePlaceholder}
        aria-label={t.canvasTitlePlaceholder}
        readOnly={!editable}
        data-testid="canvas-title"
      />
      <input
        ref={subtitleBinding.inputRef}
        className="page__subtitle"
        value={subtitleBinding.value}
        onChange={subtitleBinding.onChange}
        placeholder={editable ? t.subtitlePlaceholder : ''}
        aria-label={t.subtitlePlaceholder}
        readOnly={!editable}
      />
    </header>
  );
}
