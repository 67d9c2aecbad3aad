import type * as Y from 'yjs';
import { MAX_SUBTITLE_LENGTH, MAX_TITLE_LENGTH } from '../../../shared/exportFormat';
import { useTranslation } from '../i18n/useTranslation';
import { CollabTextField } from './CollabTextField';

interface Props {
  title: Y.Text;
  subtitle: Y.Text;
  editable: boolean;
  /** The house style's logo (a blob: URL of its PNG), or none. */
  logoUrl: string | null;
}

const SUBTITLE_ID = 'canvas-subtitle';

/** The page header: the canvas title and the organisation / period line. */
export function CanvasHeader({ title, subtitle, editable, logoUrl }: Props) {
  const { t } = useTranslation();
  return (
    <header className="page__header">
      <div className="page__titles">
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
      </div>
      <PageLogo url={logoUrl} />
    </header>
  );
}

/** The house style's logo at the right of the title (page, projector, print, versions). */
export function PageLogo({ url }: { url: string | null }) {
  const { t } = useTranslation();
  return url ? <img className="page__logo" src={url} alt={t('styleLogoAlt')} data-testid="page-logo" /> : null;
}
