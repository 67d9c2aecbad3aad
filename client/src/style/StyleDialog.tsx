import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { titleText } from '../../../shared/docLayout';
import { importDesignTokens, readStyle, writeStyle, type CanvasStyle, type TokenNote } from '../../../shared/houseStyle';
import { HEX_COLOR, TYPEFACES, TYPEFACE_KEYS, formatRatio, readablePrimary, weakestContrast, type Typeface } from '../../../shared/styleValues';
import { ModalDialog } from '../canvas/ModalDialog';
import { FormError } from '../canvas/FormError';
import { useTranslation } from '../i18n/useTranslation';
import type { TFunction } from '../i18n/i18n';
import { getInstallationStyle, uploadLogo } from '../lib/api';
import { failureMessage } from '../lib/failureMessage';
import { loadScreenTypeface, styleVariables, useLogoUrl } from './useCanvasStyle';

interface Props {
  id: string;
  token: string;
  doc: Y.Doc;
  onClose: () => void;
  /** Told once the style is written into the document. */
  onSaved: (message: string) => void;
}

const SETTING_NAME = { primaryColor: 'styleSettingPrimary', accentColor: 'styleSettingAccent', typeface: 'styleSettingTypeface' } as const;

function noteText(t: TFunction, locale: string, note: TokenNote): string {
  switch (note.code) {
    case 'used':
      return t('styleTokenUsed', { token: note.token, setting: t(SETTING_NAME[note.setting]), value: note.value });
    case 'adjusted':
      return t('styleTokenAdjusted', { token: note.token, from: note.from, to: note.to, ratio: formatRatio(note.ratio, locale) });
    case 'badColor':
      return t('styleTokenBadColor', { token: note.token, value: note.value });
    case 'unknownFont':
      return t('styleTokenUnknownFont', { token: note.token, value: note.value });
    case 'unused':
      return t('styleTokenUnused', { groups: note.groups.join(', ') });
    case 'noTokens':
      return t('styleTokenNone');
  }
}

/** A colour as a text field (typed or pasted) beside the browser's colour picker. */
function ColorField({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  const id = useId();
  return (
    <div className="style-field">
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <div className="style-color">
        <input
          type="color"
          value={HEX_COLOR.test(value) ? value : '#000000'}
          onChange={(e) => onChange(e.target.value)}
          aria-label={label}
          data-testid={`${testId}-picker`}
        />
        <input id={id} className="field" value={value} maxLength={7} spellCheck={false} onChange={(e) => onChange(e.target.value.trim().toLowerCase())} data-testid={testId} />
      </div>
    </div>
  );
}

/**
 * The facilitator's "Huisstijl" dialog: logo (drawn anew as a PNG by the server), primary and
 * accent colour, typeface, or all at once from NL Design System tokens; a live preview; saved
 * into the document in one change, which the server judges (facilitator only, values checked).
 * A primary colour short of WCAG AA is shown, said and saved darkened (readablePrimary).
 */
export function StyleDialog({ id, token, doc, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const ratio = (value: number) => formatRatio(value, i18n.language);
  const [style, setStyle] = useState<CanvasStyle>(() => readStyle(doc));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const logoUrl = useLogoUrl(style.logo);
  const logoId = useId();
  const tokensId = useId();
  const typefaceId = useId();
  const set = (patch: Partial<CanvasStyle>) => setStyle((current) => ({ ...current, ...patch }));

  const colorsValid = HEX_COLOR.test(style.primaryColor) && HEX_COLOR.test(style.accentColor);
  const primary = HEX_COLOR.test(style.primaryColor) ? readablePrimary(style.primaryColor) : null;
  const adjusted = primary !== null && primary !== style.primaryColor;
  const effective: CanvasStyle = { ...style, primaryColor: primary ?? readStyle(doc).primaryColor, accentColor: HEX_COLOR.test(style.accentColor) ? style.accentColor : readStyle(doc).accentColor };
  useEffect(() => loadScreenTypeface(style.typeface), [style.typeface]);

  const pickLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      set({ logo: (await uploadLogo(id, token, file)).logo });
    } catch (failure) {
      setError(failureMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };

  const pickTokens = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setNotes([]);
      setError(t('styleTokensNotJson'));
      return;
    }
    const result = importDesignTokens(json);
    set(result.style);
    setNotes(result.notes.map((note) => noteText(t, i18n.language, note)));
  };

  const useInstallation = async () => {
    setError(null);
    try {
      setStyle(await getInstallationStyle());
      setNotes([]);
    } catch (failure) {
      setError(failureMessage(t, failure));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!colorsValid) {
      setError(t('styleColorFormat', { what: HEX_COLOR.test(style.primaryColor) ? t('styleSettingAccent') : t('styleSettingPrimary') }));
      return;
    }
    writeStyle(doc, effective);
    onSaved(adjusted ? `${t('styleSaved')} ${t('styleContrastAdjusted', { from: style.primaryColor, to: effective.primaryColor, ratio: ratio(weakestContrast(style.primaryColor)) })}` : t('styleSaved'));
    onClose();
  };

  return (
    <ModalDialog title={t('styleTitle')} help={t('styleHelp')} onClose={onClose} variant="medium" testId="style-dialog">
      <form onSubmit={submit} className="style-form">
        <div className="style-form__fields">
          <div className="style-field">
            <label className="label" htmlFor={logoId}>
              {t('styleLogo')}
            </label>
            <input id={logoId} type="file" accept=".svg,.png,image/svg+xml,image/png" onChange={pickLogo} disabled={busy} data-testid="style-logo-file" />
            <p className="style-note" role="status">
              {busy ? t('styleLogoBusy') : style.logo ? '' : t('styleLogoNone')}
            </p>
            {style.logo ? (
              <button type="button" className="button button--small" onClick={() => set({ logo: null })} data-testid="style-logo-remove">
                {t('styleLogoRemove')}
              </button>
            ) : null}
          </div>
          <ColorField label={t('stylePrimary')} value={style.primaryColor} onChange={(primaryColor) => set({ primaryColor })} testId="style-primary" />
          <p className={adjusted ? 'style-note style-note--warning' : 'style-note'} role="status" data-testid="style-contrast">
            {primary === null
              ? t('styleColorFormat', { what: t('styleSettingPrimary') })
              : adjusted
                ? t('styleContrastAdjusted', { from: style.primaryColor, to: primary, ratio: ratio(weakestContrast(style.primaryColor)) })
                : t('styleContrastOk', { ratio: ratio(weakestContrast(primary)) })}
          </p>
          <ColorField label={t('styleAccent')} value={style.accentColor} onChange={(accentColor) => set({ accentColor })} testId="style-accent" />
          <div className="style-field">
            <label className="label" htmlFor={typefaceId}>
              {t('styleTypeface')}
            </label>
            <select id={typefaceId} className="field" value={style.typeface} onChange={(e) => set({ typeface: e.target.value as Typeface })} data-testid="style-typeface">
              {TYPEFACE_KEYS.map((key) => (
                <option key={key} value={key}>
                  {TYPEFACES[key].label}
                </option>
              ))}
            </select>
          </div>
          <div className="style-field">
            <label className="label" htmlFor={tokensId}>
              {t('styleTokens')}
            </label>
            <input id={tokensId} type="file" accept=".json,application/json" onChange={pickTokens} data-testid="style-tokens-file" />
            {notes.length > 0 ? (
              <ul className="style-notes" data-testid="style-token-notes">
                {notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <button type="button" className="button button--small" onClick={useInstallation} data-testid="style-installation">
            {t('styleInstallation')}
          </button>
        </div>
        <figure className="style-preview" style={styleVariables(effective)} data-testid="style-preview">
          <figcaption className="style-preview__caption">{t('stylePreview')}</figcaption>
          <div className="style-preview__page">
            <div className="style-preview__header">
              <span className="style-preview__title">{readStyleTitle(doc)}</span>
              {logoUrl ? <img className="style-preview__logo" src={logoUrl} alt={t('styleLogoAlt')} data-testid="style-preview-logo" /> : null}
            </div>
            <div className="style-preview__band">
              <span className="style-preview__heading">{t('stylePreviewHeading')}</span>
              <span>{t('stylePreviewText')}</span>
            </div>
            <div className="style-preview__pillar">{t('stylePreviewText')}</div>
          </div>
        </figure>
        <FormError message={error} testId="style-error" />
        <div className="dialog__buttons style-form__buttons">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="style-save">
            {t('styleSave')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

function readStyleTitle(doc: Y.Doc): string {
  return titleText(doc).toString() || 'Stip';
}
