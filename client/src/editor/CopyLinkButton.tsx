import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { Icon } from './Icon';

/**
 * Copies the link. Over plain http on a LAN address there is no clipboard API: then the link
 * is shown selected, for Ctrl+C.
 */
export function CopyLinkButton({ link }: { link: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const inputRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    if (state === 'manual') inputRef.current?.select();
    if (state !== 'copied') return undefined;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setState('copied');
    } catch {
      setState('manual');
    }
  };
  return (
    <span className="copy-link">
      <button type="button" className="button button--quiet" onClick={copy} data-testid="copy-link">
        <Icon name="copy" /> <span aria-live="polite">{state === 'copied' ? t('copied') : t('copyLink')}</span>
      </button>
      {state === 'manual' ? (
        <input ref={inputRef} className="copy-link__field" readOnly value={link} aria-label={t('copyManually')} onFocus={(e) => e.target.select()} onBlur={() => setState('idle')} data-testid="copy-link-field" />
      ) : null}
    </span>
  );
}
