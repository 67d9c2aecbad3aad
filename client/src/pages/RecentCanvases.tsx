import { useState } from 'react';
import { Link } from 'wouter';
import { Icon } from '../editor/Icon';
import { useTranslation } from 'react-i18next';
import { forgetCanvas, loadRecent } from '../lib/recentCanvases';

const ROLE_LABEL = { facilitator: 'roleFacilitator', editor: 'roleEditor', viewer: 'roleViewer' } as const;

/** The canvases this browser has opened, with their links (there are no accounts). */
export function RecentCanvases() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState(loadRecent);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="card" aria-labelledby="recent-canvases">
      <h2 className="card__title" id="recent-canvases">
        {t('recent')}
      </h2>
      {items.length === 0 ? <p className="muted">{t('recentEmpty')}</p> : null}
      <ul className="recent">
        {items.map((item) => (
          <li key={item.id} className="recent__item">
            <Link href={item.path} className="recent__link">
              <span className="recent__title">{item.title || '—'}</span>
              <span className="recent__meta">
                {t(ROLE_LABEL[item.role])} · {format.format(new Date(item.lastOpened))}
              </span>
            </Link>
            <button type="button" className="icon-button" aria-label={`${t('removeFromList')}: ${item.title}`} title={t('removeFromList')} onClick={() => setItems(forgetCanvas(item.id))}>
              <Icon name="close" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
