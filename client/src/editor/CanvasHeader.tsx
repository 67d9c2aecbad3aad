import type * as Y from 'yjs';
import { MAX_SUBTITLE_LENGTH, MAX_TITLE_LENGTH } from '../../../shared/exportFormat';
import { useTranslation } from '../i18n/useTranslation';
import { CollabTextField } from './CollabTextField';

interface Props {
  title: Y.Text;
  subtitle: Y.Text;
  editable: boolean;
}

const SUBTITLE_ID = 'canvas-subtitle';

/** The page header: the canvas title and the organisation / period line. */
export function CanvasHeader({ title, subtitle, editable }: Props) {
  const { t } = useTranslation();
  return (
    <header className="page__header">
      <CollabTextField
        text={title}
        maxLength={MAX_TITLE_LENGTH}
        className="page__title"
        label={t('canvasTitlePlaceholder')}
        placeholder={editable ? t('canvasTitlePlaceholder') : ''}
        readOnly={!editable}
        testId="canvas-title"
        onEnter={() => document.getElementById(SUBTITLE_ID)?.focus()}
      />
      <CollabTextField
        text={subtitle}
        maxLength={MAX_SUBTITLE_LENGTH}
        className="page__subtitle"
        label={t('subtitlePlaceholder')}
        placeholder={editable ? t('subtitlePlaceholder') : ''}
        readOnly={!editable}
        id={SUBTITLE_ID}
        testId="canvas-subtitle"
      />
    </header>
  );
}
