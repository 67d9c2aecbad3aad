import type { ReactNode } from 'react';
import type { ZoneKey } from '../../../shared/docLayout';
import { zoneClassName } from '../../../shared/zones';
import { ZoneRounds } from '../rounds/ZoneRounds';
import { ZoneMarkers } from '../session/ZonePresence';

interface Props {
  zone: ZoneKey;
  heading: string;
  /** In the facilitator's spotlight (page.css, present.css, session.css: `zone--spotlit`). */
  spotlit: boolean;
  /** Editing controls shown beside the heading (never printed). */
  actions?: ReactNode;
  children: ReactNode;
}

/** A labelled region of the A4 with its heading in the canvas language. */
export function Zone({ zone, heading, spotlit, actions, children }: Props) {
  const headingId = `zone-heading-${zone}`;
  return (
    <section className={`${zoneClassName(zone)}${spotlit ? ' zone--spotlit' : ''}`} data-zone={zone} role="region" aria-labelledby={headingId}>
      <div className="zone__head">
        <h2 className="zone__heading" id={headingId}>
          {heading}
        </h2>
        <ZoneMarkers zone={zone} />
        <ZoneRounds zone={zone} />
        {actions ? <div className="zone__actions">{actions}</div> : null}
      </div>
      <div className="zone__body">{children}</div>
    </section>
  );
}
