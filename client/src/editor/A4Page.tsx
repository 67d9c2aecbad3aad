import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { subtitleText, titleText, zoneFragment, type Language, type ZoneKey } from '../../../shared/docLayout';
import type { AwarenessUser } from '../../../shared/protocol';
import { ZONES, renderZone, type KindRenderers, type ZoneOfKind } from '../../../shared/zones';
import { useTranslation } from '../i18n/useTranslation';
import { usePresenceSignals } from '../session/usePresenceSignals';
import { ZonePresenceProvider } from '../session/ZonePresence';
import { loadScreenTypeface, styleVariables, useCanvasStyle, useLogoUrl } from '../style/useCanvasStyle';
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

/** What every zone of the live page is drawn with. */
interface LiveZoneProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: AwarenessUser | null;
  editable: boolean;
  language: Language;
  heading: string;
  spotlit: boolean;
}

/** One rich-text editor under the zone's heading. */
function RichTextZone({ zone, doc, provider, user, editable, heading, spotlit }: LiveZoneProps & { zone: ZoneOfKind<'richText'> }) {
  const { t } = useTranslation();
  return (
    <Zone zone={zone.key} heading={heading} spotlit={spotlit}>
      <ZoneEditor fragment={zoneFragment(doc, zone.key)} provider={provider} user={user} editable={editable} label={t('zoneEditor', { zone: heading })} placeholder={t(zone.placeholder)} />
    </Zone>
  );
}

/** Each kind of zone (shared/zones.ts) on the live page. */
const LIVE_ZONES: KindRenderers<[props: LiveZoneProps], ReactNode> = {
  richText: (zone, props) => <RichTextZone key={zone.key} zone={zone} {...props} />,
  pillars: (zone, props) => <PillarsZone key={zone.key} zone={zone} {...props} />,
  table: (zone, props) => <ActionsZone key={zone.key} zone={zone} {...props} />,
};

/**
 * The A4 itself (210 x 297 mm): the header, then every zone of the zone table in its order.
 * Sizes are in pt and mm so the PDF can mirror them.
 */
export function A4Page({ doc, provider, user, editable, onFit, spotlight = null, presentation = false }: Props) {
  const language = useCanvasLanguage(doc);
  const pageRef = useRef<HTMLElement | null>(null);
  const fit = useFitScale(pageRef);
  useEffect(() => onFit?.(fit), [fit, onFit]);
  // Someone with a name (an editor page) tells the others which zone they are in and whether they are away.
  usePresenceSignals(pageRef, provider, user !== null);
  // The house style, live: colours and typeface as CSS variables, the logo in the header.
  const style = useCanvasStyle(doc);
  const logoUrl = useLogoUrl(style?.logo);
  const styleVars = useMemo(() => (style ? styleVariables(style) : undefined), [style]);
  useEffect(() => {
    if (style) loadScreenTypeface(style.typeface);
  }, [style]);
  return (
    <ZonePresenceProvider provider={provider} enabled={user !== null || presentation}>
      <article
        className={presentation ? 'page page--present' : 'page'}
        lang={language}
        data-testid="a4-page"
        ref={pageRef}
        data-type-scale={fit.scale}
        data-spotlight={spotlight ?? undefined}
        data-typeface={style?.typeface}
        style={styleVars}
      >
        <CanvasHeader title={titleText(doc)} subtitle={subtitleText(doc)} editable={editable} logoUrl={logoUrl} />
        {ZONES.map((zone) =>
          renderZone(LIVE_ZONES, zone, { doc, provider, user, editable, language, heading: zone.heading[language], spotlit: spotlight === zone.key }),
        )}
      </article>
    </ZonePresenceProvider>
  );
}
