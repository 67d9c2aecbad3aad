import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import type { Language } from '../../../shared/docLayout';
import { useTranslation } from '../i18n/useTranslation';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { createCanvas, getInstallationStyle } from '../lib/api';
import type { CanvasStyle } from '../../../shared/houseStyle';
import { loadScreenTypeface, styleVariables, useLogoUrl } from '../style/useCanvasStyle';
import { parseCanvasLink } from '../lib/canvasLink';
import { ImportCanvas } from './ImportCanvas';
import { RecentCanvases } from './RecentCanvases';
import { failureReason } from '../lib/failureMessage';

export function HomePage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<'blank' | 'example'>('example');
  const [language, setLanguage] = useState<Language>('nl');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState('');
  // The installation's house style (STYLE_DIR): its logo and colours greet whoever comes here.
  const [house, setHouse] = useState<CanvasStyle | null>(null);
  useEffect(() => {
    getInstallationStyle().then(
      (style) => {
        loadScreenTypeface(style.typeface);
        setHouse(style);
      },
      () => setHouse(null),
    );
  }, []);
  const houseLogo = useLogoUrl(house?.logo);
  const [linkError, setLinkError] = useState<string | null>(null);
  // Set by the editor after a delete, so the home page can say what happened.
  const [deleted] = useState(() => (window.history.state as { deleted?: unknown } | null)?.deleted);
  useEffect(() => {
    // Said once: a reload or a later visit to this entry does not repeat it.
    if (deleted !== undefined) window.history.replaceState(null, '');
  }, [deleted]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await createCanvas({ title: title.trim() || undefined, template, language });
      const url = new URL(created.links.facilitator);
      navigate(`${url.pathname}${url.hash}`);
    } catch (failure) {
      setError(`${t('createFailed')}: ${failureReason(t, failure)}`);
      setBusy(false);
    }
  };

  const open = (event: FormEvent) => {
    event.preventDefault();
    const path = parseCanvasLink(link);
    if (!path) {
      setLinkError(t('notALink'));
      return;
    }
    navigate(path);
  };

  return (
    <main className="home">
      <div className="home__language">
        <LanguageSwitch />
      </div>
      <section className="home__intro" style={house ? styleVariables(house) : undefined} data-testid="home-intro">
        {houseLogo ? <img className="home__house-logo" src={houseLogo} alt={t('styleLogoAlt')} data-testid="home-house-logo" /> : null}
        <h1 className="home__logo">
          <span className="brand__mark brand__mark--large" aria-hidden="true" />
          {t('appName')}
        </h1>
        <p className="home__tagline">{t('tagline')}</p>
      </section>
      {typeof deleted === 'string' ? (
        <p className="home-status" role="status" data-testid="home-status">
          {t('deletedCanvas', { title: deleted })}
        </p>
      ) : null}
      <div className="home__grid">
        <div className="home__side">
          <form className="card" onSubmit={create} aria-labelledby="new-canvas">
            <h2 className="card__title" id="new-canvas">
              {t('newCanvas')}
            </h2>
            <label className="label" htmlFor="new-title">
              {t('titleLabel')}
            </label>
            <input id="new-title" className="field" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder={t('titlePlaceholder')} />
            <fieldset className="choices">
              <legend className="label">{t('templateLabel')}</legend>
              <label className="choice">
                <input type="radio" name="template" value="example" checked={template === 'example'} onChange={() => setTemplate('example')} />
                {t('templateExample')}
              </label>
              <label className="choice">
                <input type="radio" name="template" value="blank" checked={template === 'blank'} onChange={() => setTemplate('blank')} />
                {t('templateBlank')}
              </label>
            </fieldset>
            <fieldset className="choices choices--inline">
              <legend className="label">{t('languageLabel')}</legend>
              <label className="choice">
                <input type="radio" name="language" value="nl" checked={language === 'nl'} onChange={() => setLanguage('nl')} />
                {t('languageNl')}
              </label>
              <label className="choice">
                <input type="radio" name="language" value="en" checked={language === 'en'} onChange={() => setLanguage('en')} />
                {t('languageEn')}
              </label>
            </fieldset>
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="button button--primary button--wide" disabled={busy} data-testid="create-canvas">
              {busy ? t('creating') : t('create')}
            </button>
          </form>
          <ImportCanvas />
        </div>
        <div className="home__side">
          <RecentCanvases />
          <form className="card" onSubmit={open} aria-labelledby="open-link">
            <h2 className="card__title" id="open-link">
              {t('openLink')}
            </h2>
            <div className="inline-form">
              <input className="field" value={link} onChange={(e) => { setLink(e.target.value); setLinkError(null); }} placeholder={t('openLinkPlaceholder')} aria-label={t('openLinkPlaceholder')} />
              <button type="submit" className="button">
                {t('open')}
              </button>
            </div>
            {linkError ? (
              <p className="form-error" role="alert">
                {linkError}
              </p>
            ) : null}
          </form>
        </div>
      </div>
    </main>
  );
}
