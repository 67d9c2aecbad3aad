import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export type MenuEntry =
  | { key: string; separator: true }
  | {
      key: string;
      separator?: false;
      label: string;
      onSelect: () => void;
      /** A toggle (menuitemcheckbox) when set. */
      checked?: boolean;
      danger?: boolean;
      testId?: string;
    };

interface Props {
  label: string;
  /** The menu's accessible name when it says more than the button's text. */
  menuLabel: string;
  entries: MenuEntry[];
  testId?: string;
}

/**
 * A menu button (WAI-ARIA APG): Enter, Space or Arrow Down open it on the first item, Arrow Up
 * on the last; arrows, Home and End move; Escape closes it and returns to the button; Tab or a
 * click elsewhere closes it. Choosing an item puts the focus back on the button first, so a
 * dialog it opens returns the focus there.
 */
export function MenuButton({ label, menuLabel, entries, testId }: Props) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const menuRef = useRef<HTMLUListElement | null>(null);
  const startAt = useRef<'first' | 'last'>('first');
  const menuId = useId();

  useEffect(() => {
    if (!open) return undefined;
    const list = menuItems(menuRef.current);
    (startAt.current === 'last' ? list.at(-1) : list[0])?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const openAt = (where: 'first' | 'last') => {
    startAt.current = where;
    setOpen(true);
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(event.key === 'ArrowUp' ? 'last' : 'first');
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const list = menuItems(menuRef.current);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => list[(to + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(list.length - 1);
        break;
      case 'Escape':
        setOpen(false);
        buttonRef.current?.focus();
        break;
      case 'Tab':
        setOpen(false);
        return;
      default:
        return;
    }
    event.preventDefault();
  };

  const choose = (onSelect: () => void) => {
    setOpen(false);
    buttonRef.current?.focus();
    onSelect();
  };

  return (
    <div className="menu">
      <button
        ref={buttonRef}
        type="button"
        className="button button--quiet menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openAt('first'))}
        onKeyDown={onButtonKey}
        data-testid={testId}
      >
        {label}
        <svg className="menu__chevron" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
          <path d="M6 9l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open ? (
        <ul ref={menuRef} id={menuId} className="menu__list" role="menu" aria-label={menuLabel} onKeyDown={onMenuKey}>
          {entries.map((entry) =>
            entry.separator ? (
              <li key={entry.key} role="separator" className="menu__separator" />
            ) : (
              <li key={entry.key} role="none">
                <button
                  type="button"
                  role={entry.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
                  aria-checked={entry.checked}
                  tabIndex={-1}
                  className={`menu__item${entry.danger ? ' menu__item--danger' : ''}`}
                  onClick={() => choose(entry.onSelect)}
                  data-testid={entry.testId}
                >
                  <span className="menu__check" aria-hidden="true">
                    {entry.checked ? '✓' : ''}
                  </span>
                  {entry.label}
                </button>
              </li>
            ),
          )}
        </ul>
      ) : null}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return [...(menu?.querySelectorAll<HTMLElement>('[role^=menuitem]') ?? [])];
}
