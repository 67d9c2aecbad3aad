import { useEditorState, type Editor } from '@tiptap/react';
import { isAllowedHref } from '../../../shared/linkHref';
import { useTranslation } from '../i18n/useTranslation';
import type { MessageKey, TFunction } from '../i18n/i18n';
import { useActiveEditor } from './ActiveEditorContext';
import { Icon, type IconName } from './Icon';

interface ButtonSpec {
  key: string;
  label: MessageKey;
  /** Tiptap's own key binding, shown in the tooltip. */
  shortcut?: string;
  icon: IconName;
  active?: (editor: Editor) => boolean;
  /** When it can do nothing (e.g. undo with nothing of yours to undo), the button is disabled. */
  enabled?: (editor: Editor) => boolean;
  run: (editor: Editor, t: TFunction) => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

function promptLink(editor: Editor, t: TFunction): void {
  const current = (editor.getAttributes('link').href as string | undefined) ?? '';
  const answer = window.prompt(t('linkPrompt'), current);
  if (answer === null) return;
  const value = answer.trim();
  if (value === '') {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    return;
  }
  const href = isAllowedHref(value) ? value : isAllowedHref(`https://${value}`) ? `https://${value}` : null;
  if (!href) {
    window.alert(t('linkInvalid'));
    return;
  }
  editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
}

const BUTTONS: ButtonSpec[][] = [
  [
    { key: 'bold', label: 'bold', shortcut: `${mod}B`, icon: 'bold', active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { key: 'italic', label: 'italic', shortcut: `${mod}I`, icon: 'italic', active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    { key: 'underline', label: 'underline', shortcut: `${mod}U`, icon: 'underline', active: (e) => e.isActive('underline'), run: (e) => e.chain().focus().toggleUnderline().run() },
  ],
  [
    { key: 'bulletList', label: 'bulletList', shortcut: `${mod}Shift+8`, icon: 'bulletList', active: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
    { key: 'orderedList', label: 'orderedList', shortcut: `${mod}Shift+7`, icon: 'orderedList', active: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
    { key: 'link', label: 'link', icon: 'link', active: (e) => e.isActive('link'), run: promptLink },
  ],
  [
    { key: 'undo', label: 'undo', shortcut: `${mod}Z`, icon: 'undo', enabled: (e) => e.can().undo(), run: (e) => e.chain().focus().undo().run() },
    { key: 'redo', label: 'redo', shortcut: isMac ? '⌘Shift+Z' : 'Ctrl+Y', icon: 'redo', enabled: (e) => e.can().redo(), run: (e) => e.chain().focus().redo().run() },
  ],
];

const ALL = BUTTONS.flat();

/** The formatting toolbar; it acts on the zone editor that last had focus. */
export function Toolbar() {
  const { t } = useTranslation();
  const editor = useActiveEditor();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const result: Record<string, { active: boolean; enabled: boolean }> = {};
      for (const b of ALL) result[b.key] = { active: Boolean(e && b.active?.(e)), enabled: Boolean(e && e.isEditable && (b.enabled?.(e) ?? true)) };
      return result;
    },
  });

  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar')}>
      {BUTTONS.map((group, i) => (
        <div className="toolbar__group" key={i}>
          {group.map((b) => (
            <button
              key={b.key}
              type="button"
              className="toolbar__button"
              aria-label={t(b.label)}
              title={b.shortcut ? `${t(b.label)} (${b.shortcut})` : t(b.label)}
              aria-pressed={b.active ? Boolean(state?.[b.key]?.active) : undefined}
              disabled={!editor || !state?.[b.key]?.enabled}
              // Keep the focus (and the selection) in the editor.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => editor && b.run(editor, t)}
            >
              <Icon name={b.icon} />
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
