import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MAX_PILLARS, addPillar, pillarsArray, readPillar, removePillar } from '../../../shared/docLayout';
import type { AwarenessUser } from '../../../shared/protocol';
import type { ZoneOfKind } from '../../../shared/zones';
import { useYArray } from '../collab/useYArray';
import { useTranslation } from '../i18n/useTranslation';
import { Icon } from './Icon';
import { PillarColumn } from './PillarColumn';
import { Zone } from './Zone';

interface Props {
  zone: ZoneOfKind<'pillars'>;
  doc: Y.Doc;
  heading: string;
  spotlit: boolean;
  provider: WebsocketProvider;
  user: AwarenessUser | null;
  editable: boolean;
}

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

/** The strategic pillars: 1-5 columns side by side. */
export function PillarsZone({ zone, doc, heading, spotlit, provider, user, editable }: Props) {
  const { t } = useTranslation();
  const pillars = useYArray(pillarsArray(doc, zone.key)).map(readPillar);

  const remove = (id: string, index: number) => {
    const pillar = pillars[index];
    const hasText = Boolean(pillar?.title?.length) || Boolean(pillar?.body?.length && pillar.body.toString().replace(/<[^>]*>/g, '').trim());
    if (hasText && !window.confirm(t('removePillarConfirm'))) return;
    removePillar(doc, id);
  };

  const actions = editable ? (
    <button
      type="button"
      className="zone-button no-print"
      onClick={() => addPillar(doc, newId())}
      disabled={pillars.length >= MAX_PILLARS}
      title={pillars.length >= MAX_PILLARS ? `max. ${MAX_PILLARS}` : undefined}
    >
      <Icon name="plus" /> {t('addPillar')}
    </button>
  ) : null;

  return (
    <Zone zone={zone.key} heading={heading} spotlit={spotlit} actions={actions}>
      <div className="pillars" style={{ gridTemplateColumns: `repeat(${Math.max(1, pillars.length)}, minmax(0, 1fr))` }}>
        {pillars.map((pillar, index) => (
          <PillarColumn
            key={pillar.id}
            index={index}
            title={pillar.title}
            body={pillar.body}
            provider={provider}
            user={user}
            editable={editable}
            placeholder={t(zone.placeholder)}
            canRemove={pillars.length > 1}
            onRemove={() => remove(pillar.id, index)}
          />
        ))}
      </div>
    </Zone>
  );
}
