import { useEffect, useRef } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { subtitleText, titleText, zoneFragment, type ZoneKey } from '../../../shared/docLayout';
import type { AwarenessUser } from '../../../shared/protocol';
import { zoneHeading } from '../../../shared/zoneHeadings';
import { useTranslation } from '../i18n/useTranslation';
import { usePresenceSignals } from '../session/usePresenceSignals';
import { ZonePresenceProvider } from '../session/ZonePresence';
import { ActionsZone } from './ActionsZone';
import { CanvasHeader } from './CanvasHeader';
import { PillarsZone } from './PillarsZone';
import { useCanvasLanguage } from './useCanvasLanguage';
import { useFitScale, type Fit } from './useFitScale';
import { Zone } from './Zone';
import { ZoneEditor } from './ZoneEditor';

interface Props {
  /** Told whenever the fitted type scale (or the fullest zones) change. */
  onFit?: (fit: Fit) => void;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: AwarenessUser | null;
  editable: boolean;
  /** The zone in the spotlight (highlighted here; the projector zooms to it). */
  spotlight?: ZoneKey | null;
  /** The projector's version: larger headings, no editing chrome (see present.css). */
  presentation?: boolean;
}

/**
 * The A4 itself (210 x 297 mm): header, horizon, obstacles, pillars, action plan. Sizes are in
 * pt and mm so the PDF can mirror them.
 */
export function A4Page({ doc, provider, user, editable, onFit, spotlight = null, presentation = false }: Props) {
  const { t } = useTranslation();
  const language = useCanvasLanguage(doc);
  const pageRef = useRef<HTMLElement | null>(null);
  const fit = useFitScale(pageRef);
  useEffect(() => onFit?.(fit), [fit, onFit]);
  // Someone with a name (an editor page) tells the others which zone they are in and whether they are away.
  usePresenceSignals(pageRef, provider, user !== null);
  const heading = (zone: Parameters<typeof zoneHeading>[1]) => zoneHeading(language, zone);
  return (
    <ZonePresenceProvider provider={provider} enabled={user !== null || presentation}>
      <article
        className={presentation ? 'page page--present' : 'page'}
        lang={language}
        data-testid="a4-page"
        ref={pageRef}
        data-type-scale={fit.scale}
        data-spotlight={spotlight ?? undefined}
      >
        <CanvasHeader title={titleText(doc)} subtitle={subtitleText(doc)} editable={editable} />
        <Zone zone="horizon" heading={heading('horizon')}>
          <ZoneEditor fragment={zoneFragment(doc, 'horizon')} provider={provider} user={user} editable={editable} label={t('zoneEditor', { zone: heading('horizon') })} placeholder={t('horizonPlaceholder')} />
        </Zone>
        <Zone zone="obstacles" heading={heading('obstacles')}>
          <ZoneEditor fragment={zoneFragment(doc, 'obstacles')} provider={provider} user={user} editable={editable} label={t('zoneEditor', { zone: heading('obstacles') })} placeholder={t('obstaclesPlaceholder')} />
        </Zone>
        <PillarsZone doc={doc} heading={heading('pillars')} provider={provider} user={user} editable={editable} />
        <ActionsZone fragment={zoneFragment(doc, 'actions')} heading={heading('actions')} language={language} provider={provider} user={user} editable={editable} />
      </article>
    </ZonePresenceProvider>
  );
}
