import type { KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { useYText } from '../collab/useYText';

interface Props {
  text: Y.Text | null;
  maxLength: number;
  className: string;
  label: string;
  placeholder: string;
  readOnly: boolean;
  id?: string;
  testId?: string;
  /** Enter does not add a line (the text is one line); it may move on instead. */
  onEnter?: () => void;
}

/**
 * A one-line text bound to a Y.Text that wraps like the printed page does. The textarea sits
 * in a grid cell with an invisible copy of its text, so its height follows the text at any
 * type scale without measuring in script.
 */
export function CollabTextField({ text, maxLength, className, label, placeholder, readOnly, id, testId, onEnter }: Props) {
  const binding = useYText<HTMLTextAreaElement>(text, maxLength);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    onEnter?.();
  };
  return (
    <div className={`grow-field ${className}`} data-value={binding.value || placeholder}>
      <textarea
        ref={binding.fieldRef}
        id={id}
        className="grow-field__input"
        rows={1}
        value={binding.value}
        onChange={binding.onChange}
        onKeyDown={onKeyDown}
        placeholder={placeholder}
        aria-label={label}
        readOnly={readOnly || !text}
        spellCheck
        data-testid={testId}
      />
    </div>
  );
}
