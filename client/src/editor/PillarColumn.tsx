import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MAX_TITLE_LENGTH } from '../../../shared/exportFormat';
import type { AwarenessUser } from '../../../shared/protocol';
import { useYText } from '../collab/useYText';
import { t } from '../i18n/strings';
import { Icon } from './Icon';
import { ZoneEditor } from './ZoneEditor';

interface Props {
  index: number;
  title: Y.Text | null;
  body: Y.XmlFragment | null;
  provider: WebsocketProvider;
  user: AwarenessUser | null;
  editable: boolean;
  canRemove: boolean;
  onRemove: () => void;
}

/** One strategic pillar: a short title and a rich-text body, as a column. */
export function PillarColumn({ index, title, body, provider, user, editable, canRemove, onRemove }: Props) {
  const binding = useYText(title, MAX_TITLE_LENGTH);
  return (
    <div className="pillar" data-testid={`pillar-${index}`}>
      <div className="pillar__head">
        <input
          ref={binding.inputRef}
          className="pillar__title"
          value={binding.value}
          onChange={binding.onChange}
          placeholder={editable ? t.pillarTitlePlaceholder : ''}
          aria-label={t.pillarTitle(index + 1)}
          readOnly={!editable || !title}
        />
        {editable && canRemove ? (
          <button type="button" className="icon-button pillar__remove no-print" aria-label={`${t.removePillar} ${index + 1}`} title={t.removePillar} onClick={onRemove}>
            <Icon name="close" />
          </button>
        ) : null}
      </div>
      {body ? (
        <ZoneEditor fragment={body} provider={provider} user={user} editable={editable} label={t.pillarEditor(index + 1)} placeholder={editable ? t.emptyZone : ''} />
      ) : null}
    </div>
  );
}
