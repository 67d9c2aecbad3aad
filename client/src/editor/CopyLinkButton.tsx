import { useRef, useState } from 'react';
import { t } from '../i18n/strings';
import { Icon } from './Icon';

/**
 * Copies the link. Over plain http on a LAN address there is no clipboard API: then the link
 * is shown selected, for Ctrl+C.
 */
export function CopyLinkButton({ link }: { link: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const inputRef = useRef<HTMLInputElement | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setState('copied');
      setTimeout(() => setState('idle'), 2000);
    } catch {
      setState('manual');
      requestAnimationFrame(() => inputRef.current?.select());
    }
  };
  return (
    <span className="copy-link">
      <button type="button" className="button button--quiet" onClick={copy}>
        <Icon name="copy" /> {state === 'copied' ? t.copied : t.copyLink}
      </button>
      {state === 'manual' ? <input ref={inputRef} className="copy-link__field" readOnly value={link} aria-label={t.copyManually} onBlur={() => setState('idle')} /> : null}
    </span>
  );
}
