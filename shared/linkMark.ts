import { Mark } from '@tiptap/core';
import { isAllowedHref } from './linkHref';
import { autolinkRule, linkBeforeCaret, linkSelectionOnPaste, pastedLinksRule, spaceEndsLink } from './linkRules';

/** The attributes of a link mark (those of @tiptap/extension-link, which canvases were made with). */
export interface LinkAttributes {
  href: string;
  target?: string | null;
  rel?: string | null;
  class?: string | null;
  title?: string | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    link: {
      /** Links the selection; refuses (false) an href that is not http, https or mailto. */
      setLink: (attributes: LinkAttributes) => ReturnType;
      /** Removes the link from the selection, or the whole link around an empty one. */
      unsetLink: () => ReturnType;
    };
  }
}

const REL = 'noopener noreferrer nofollow';
const TARGET = '_blank';

/**
 * The link mark: http, https and mailto only, whatever the source (pasted HTML, a command, a
 * raw Yjs client). A URL typed and followed by a space or Enter becomes a link, and so does a
 * pasted one; a URL pasted over selected text links that text. Replaces @tiptap/extension-link
 * (and linkifyjs) with the same name, attributes and schema place, so stored canvases load as
 * they were.
 */
export const LinkMark = Mark.create({
  name: 'link',
  // Highest, as in @tiptap/extension-link: first in the schema's mark order, outermost in HTML.
  priority: 1000,
  inclusive: true,
  exitable: true,
  keepOnSplit: false,

  addAttributes() {
    // Every stored link holds all five, with these defaults. How a link opens is ours to
    // decide, so pasted HTML only brings its href and title.
    return {
      href: { default: null, parseHTML: (element) => element.getAttribute('href') },
      target: { default: TARGET, parseHTML: () => null },
      rel: { default: REL, parseHTML: () => null },
      class: { default: null, parseHTML: () => null },
      title: { default: null, parseHTML: (element) => element.getAttribute('title') },
    };
  },

  parseHTML() {
    return [{ tag: 'a[href]', getAttrs: (element) => (isAllowedHref(element.getAttribute('href')) ? null : false) }];
  },

  renderHTML({ HTMLAttributes }) {
    const { href, ...rest } = HTMLAttributes;
    return ['a', { ...rest, href: isAllowedHref(href) ? href : null, rel: REL, target: TARGET }, 0];
  },

  addCommands() {
    return {
      setLink:
        (attributes) =>
        ({ commands }) =>
          isAllowedHref(attributes.href) && commands.setMark(this.name, attributes),
      unsetLink:
        () =>
        ({ commands }) =>
          commands.unsetMark(this.name, { extendEmptyMarkRange: true }),
    };
  },

  addInputRules() {
    return [autolinkRule(this.type)];
  },

  addPasteRules() {
    return [pastedLinksRule(this.type)];
  },

  addProseMirrorPlugins() {
    return [spaceEndsLink(this.type), linkSelectionOnPaste(this.type)];
  },

  addKeyboardShortcuts() {
    // A URL ended by Enter: linked first, then the other handlers split the block as usual.
    const linkThenContinue = () => {
      const tr = linkBeforeCaret(this.editor.state, this.type);
      if (tr) this.editor.view.dispatch(tr);
      return false;
    };
    return { Enter: linkThenContinue, 'Shift-Enter': linkThenContinue, 'Mod-Enter': linkThenContinue };
  },
});
