import { useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MAX_TITLE_LENGTH } from '../../../shared/exportFormat';
import type { AwarenessUser } from '../../../shared/protocol';
import { useTranslation } from '../i18n/useTranslation';
import { CollabTextField } from './CollabTextField';
import { Icon } from './Icon';
import { ZoneEditor } from './ZoneEditor';

interface Props {
  index: number;
  title: Y.Text | null;
  body: Y.XmlFragment | null;
  provider: WebsocketProvider;
  user: AwarenessUser | null;
  editable: boolean;
  /** The hint in an empty body. */
  placeholder: string;
  canRemove: boolean;
  onRemove: () => void;
}

/** One strategic pillar: a short title and a rich-text body, as a column. */
export function PillarColumn({ index, title, body, provider, user, editable, placeholder, canRemove, onRemove }: Props) {
  const { t } = useTranslation();
  const [editor, setEditor] = useState<Editor | null>(null);
  return (
    <div className="pillar" data-testid={`pillar-${index}`}>
      <div className="pillar__head">
        <CollabTextField
          text={title}
          maxLength={MAX_TITLE_LENGTH}
          className="pillar__title"
          label={t('pillarTitle', { n: index + 1 })}
          placeholder={editable ? t('pillarTitlePlaceholder') : ''}
          readOnly={!editable}
          testId={`pillar-title-${index}`}
          onEnter={() => {
            // Tiptap's focus command focuses a frame later; keys typed right after Enter must
            // already land in the body.
            editor?.commands.focus('start');
            editor?.view.focus();
          }}
        />
        {editable && canRemove ? (
          <button type="button" className="icon-button pillar__remove no-print" aria-label={t('removePillarNumber', { n: index + 1 })} title={t('removePillar')} onClick={onRemove}>
            <Icon name="close" />
          </button>
        ) : null}
      </div>
      {body ? (
        <ZoneEditor fragment={body} provider={provider} user={user} editable={editable} label={t('pillarEditor', { n: index + 1 })} placeholder={placeholder} onReady={setEditor} />
      ) : null}
    </div>
  );
}
