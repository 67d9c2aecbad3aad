import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { Icon } from '../editor/Icon';
import { useTranslation } from '../i18n/useTranslation';
import { ApiFailure, getCanvas } from '../lib/api';
import { tokenFromHash } from '../lib/canvasLink';
import { forgetCanvas, loadRecent, updateRecentTitle, type RecentCanvas } from '../lib/recentCanvases';
import { useDateTime } from '../lib/useDateTime';

const ROLE_LABEL = { facilitator: 'roleFacilitator', editor: 'roleEditor', viewer: 'roleViewer' } as const;

/** What the server says about a listed canvas now: its last change, or that it is gone. */
type Live = { state: 'changed'; updatedAt: string; title: string } | { state: 'gone' };

/**
 * The canvases this browser has opened, with their links (there are no accounts): title, role
 * and last change (asked of the server with each link's own token), newest opened first.
 */
export function RecentCanvases() {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [items, setItems] = useState(loadRecent);
  const [live, setLive] = useState<Record<string, Live>>({});

  useEffect(() => {
    let cancelled = false;
    for (const item of loadRecent()) {
      const token = tokenFromHash(item.path.slice(item.path.indexOf('#')));
      if (!token) continue;
      getCanvas(item.id, token).then(
        (info) => {
          if (cancelled) return;
          updateRecentTitle(item.id, info.title);
          setLive((all) => ({ ...all, [item.id]: { state: 'changed', updatedAt: info.updatedAt, title: info.title } }));
        },
        (failure: unknown) => {
          // Offline says nothing about the canvas: only a deleted canvas or a replaced link is "gone".
          const code = failure instanceof ApiFailure ? failure.code : 'network';
          if (!cancelled && (code === 'not_found' || code === 'unauthorized')) setLive((all) => ({ ...all, [item.id]: { state: 'gone' } }));
        },
      );
    }
    return () => {
      cancelled = true;
    };
  }, []);

  const meta = (item: RecentCanvas) => {
    const now = live[item.id];
    if (now?.state === 'gone') return t('recentGone');
    return t('recentChanged', { date: formatTime(now?.updatedAt ?? item.lastOpened) });
  };

  return (
    <section className="card" aria-labelledby="recent-canvases">
      <h2 className="card__title" id="recent-canvases">
        {t('recent')}
      </h2>
      {items.length === 0 ? <p className="muted">{t('recentEmpty')}</p> : null}
      <ul className="recent" data-testid="recent">
        {items.map((item) => {
          const now = live[item.id];
          const title = (now?.state === 'changed' ? now.title : item.title) || t('untitled');
          return (
            <li key={item.id} className="recent__item" data-testid="recent-item" data-canvas-id={item.id}>
              <Link href={item.path} className="recent__link">
                <span className="recent__title">{title}</span>
                <span className={`recent__meta${now?.state === 'gone' ? ' recent__meta--gone' : ''}`}>
                  {t(ROLE_LABEL[item.role])} · {meta(item)}
                </span>
              </Link>
              <button type="button" className="icon-button" aria-label={`${t('removeFromList')}: ${title}`} title={t('removeFromList')} onClick={() => setItems(forgetCanvas(item.id))}>
                <Icon name="close" />
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
