import { useEffect, useRef, type ReactNode } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import { useTranslation } from '../i18n/useTranslation';
import type { ZoneKey } from '../../../shared/docLayout';
import { zoneExtensions } from '../../../shared/editorSchema';
import type { CanvasExport, ZoneDoc } from '../../../shared/exportFormat';
import { ZONES, renderZone, zoneClassName, type KindRenderers } from '../../../shared/zones';
import { useFitScale } from '../editor/useFitScale';
import { PageLogo } from '../editor/CanvasHeader';
import { DEFAULT_STYLE } from '../../../shared/houseStyle';
import { loadScreenTypeface, styleVariables, useLogoUrl } from '../style/useCanvasStyle';

/**
 * A canvas export drawn as the read-only A4: the same markup classes, fonts and type-scale fit
 * as the live page (so a version looks as it printed), but nothing bound to the live document.
 * Text is rendered by read-only Tiptap editors of the same schema, never as HTML strings.
 */
export function StaticA4Page({ data }: { data: CanvasExport }) {
  const pageRef = useRef<HTMLElement | null>(null);
  const fit = useFitScale(pageRef);
  // A version saved before house styles (@2) has none: it is drawn in Stip's own.
  const style = data.style ?? DEFAULT_STYLE;
  const logoUrl = useLogoUrl(style.logo);
  useEffect(() => loadScreenTypeface(style.typeface), [style.typeface]);
  return (
    <article className="page page--static" lang={data.language} ref={pageRef} data-type-scale={fit.scale} data-testid="version-page" style={styleVariables(style)}>
      <header className="page__header">
        <div className="page__titles">
          <p className="page__title">{data.title}</p>
          {data.subtitle ? <p className="page__subtitle">{data.subtitle}</p> : null}
        </div>
        <PageLogo url={logoUrl} />
      </header>
      {ZONES.map((zone) => (
        <StaticZone key={zone.key} zone={zone.key} heading={zone.heading[data.language]}>
          {renderZone(STATIC_ZONES, zone, data)}
        </StaticZone>
      ))}
    </article>
  );
}

/** Each kind of zone (shared/zones.ts) as the read-only page draws it, under its heading. */
const STATIC_ZONES: KindRenderers<[data: CanvasExport], ReactNode> = {
  richText: (zone, data) => <StaticText zone={data[zone.key]} label={zone.heading[data.language]} />,
  pillars: (zone, data) => (
    <div className="pillars" style={{ gridTemplateColumns: `repeat(${Math.max(1, data[zone.key].length)}, minmax(0, 1fr))` }}>
      {data[zone.key].map((pillar, index) => (
        <div className="pillar" key={index}>
          <p className="pillar__title">{pillar.title}</p>
          <StaticText zone={pillar.body} label={pillar.title || `${zone.heading[data.language]} ${index + 1}`} />
        </div>
      ))}
    </div>
  ),
  table: (zone, data) => <StaticText zone={data[zone.key]} label={zone.heading[data.language]} table />,
};

function StaticZone({ zone, heading, children }: { zone: ZoneKey; heading: string; children: ReactNode }) {
  return (
    <section className={zoneClassName(zone)} data-preview-zone={zone}>
      <div className="zone__head">
        <h3 className="zone__heading">{heading}</h3>
      </div>
      <div className="zone__body">{children}</div>
    </section>
  );
}

function StaticText({ zone, label, table = false }: { zone: ZoneDoc; label: string; table?: boolean }) {
  const { t } = useTranslation();
  const editor = useEditor(
    {
      extensions: zoneExtensions({ table }),
      content: zone.content.length > 0 ? zone : null,
      editable: false,
      immediatelyRender: true,
      editorProps: { attributes: { class: 'zone-editor', 'aria-label': t('zoneEditor', { zone: label }), role: 'document' } },
    },
    [zone],
  );
  return <EditorContent editor={editor} />;
}
