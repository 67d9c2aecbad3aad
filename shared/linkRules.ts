import { InputRule, PasteRule, getMarksBetween, markPasteRule } from '@tiptap/core';
import type { MarkType, Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { findLinks, linkAtEnd } from './linkHref';

// How typed and pasted text becomes a link, for the link mark (linkMark.ts). Which text is a
// link is decided in linkHref.ts.

function hasLink(doc: ProseMirrorNode, from: number, to: number, type: MarkType): boolean {
  return getMarksBetween(from, to, doc).some((item) => item.mark.type === type);
}

/**
 * A space typed after a URL links it. As an input rule, Backspace right after it takes the
 * link back off (tiptap's undoInputRule) and keeps the text; Ctrl+Z undoes the typing as before.
 */
export function autolinkRule(type: MarkType): InputRule {
  return new InputRule({
    find: (text) => {
      if (!/[^\S\n]$/.test(text)) return null;
      const link = linkAtEnd(text.slice(0, -1));
      return link && { index: link.index, text: text.slice(link.index), data: { href: link.href, length: link.text.length } };
    },
    handler: ({ state, range, match }) => {
      const { href, length } = match.data as { href: string; length: number };
      const typedAt = range.from + match[0].length - 1;
      // Only a single typed character; longer input (an IME, a dictation) is left alone.
      if (typedAt > range.to || state.doc.textBetween(range.from, typedAt) !== match[0].slice(0, -1)) return null;
      if (hasLink(state.doc, range.from, range.from + length, type)) return null;
      state.tr.insertText(match[0].slice(-1), typedAt, range.to).addMark(range.from, range.from + length, type.create({ href }));
      return undefined;
    },
  });
}

/**
 * The link mark is inclusive (text typed at its end joins it, as before), but a space typed
 * there ends it: a pasted URL does not swallow the sentence that follows.
 */
export function spaceEndsLink(type: MarkType): Plugin {
  return new Plugin({
    key: new PluginKey('spaceEndsLink'),
    props: {
      handleTextInput: (view, from, to, text) => {
        const $from = view.state.doc.resolve(from);
        if (!/^[^\S\n]+$/.test(text) || !type.isInSet($from.marks()) || type.isInSet($from.nodeAfter?.marks ?? [])) return false;
        view.dispatch(view.state.tr.insertText(text, from, to).removeMark(from, from + text.length, type));
        return true;
      },
    },
  });
}

/** URLs in pasted text become links; text that arrives linked keeps its own link. */
export function pastedLinksRule(type: MarkType): PasteRule {
  const rule = markPasteRule({
    find: (text) => findLinks(text).map(({ index, text: linkText, href }) => ({ index, text: linkText, data: { href } })),
    type,
    getAttributes: (match) => ({ href: match.data?.href }),
  });
  return new PasteRule({
    find: rule.find,
    handler: (props) => (hasLink(props.state.doc, props.range.from, props.range.to, type) ? undefined : rule.handler(props)),
  });
}

/** A URL pasted over selected text links that text instead of replacing it. */
export function linkSelectionOnPaste(type: MarkType): Plugin {
  return new Plugin({
    key: new PluginKey('linkSelectionOnPaste'),
    props: {
      handlePaste: (view, _event, slice) => {
        const { selection } = view.state;
        const text = slice.content.textBetween(0, slice.content.size, ' ').trim();
        const [link] = findLinks(text);
        if (!(selection instanceof TextSelection) || selection.empty || !link || link.text !== text) return false;
        view.dispatch(view.state.tr.addMark(selection.from, selection.to, type.create({ href: link.href })));
        return true;
      },
    },
  });
}

/** The transaction that links a URL just before the caret (Enter is about to end it), if any. */
export function linkBeforeCaret(state: EditorState, type: MarkType): Transaction | null {
  const $caret = state.selection instanceof TextSelection ? state.selection.$cursor : null;
  if (!$caret || !/^(?:\s|$)/.test($caret.parent.textBetween($caret.parentOffset, $caret.parent.content.size, ' ', ' '))) return null;
  const link = linkAtEnd($caret.parent.textBetween(0, $caret.parentOffset, ' ', '\ufffc'));
  if (!link) return null;
  const from = $caret.start() + link.index;
  const to = from + link.text.length;
  return hasLink(state.doc, from, to, type) ? null : state.tr.addMark(from, to, type.create({ href: link.href }));
}
