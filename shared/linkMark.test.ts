import { Editor, createChainableState, type ExtendedRegExpMatchArray } from '@tiptap/core';
import type { Node as ProseMirrorNode, TagParseRule } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { afterEach, describe, expect, it } from 'vitest';
import { canvasSchema, zoneExtensions } from './editorSchema';
import { autolinkRule, linkBeforeCaret, spaceEndsLink } from './linkRules';

const schema = canvasSchema();
const linkType = schema.marks.link!;
const DEFAULTS = { target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null };

type Json = Record<string, unknown>;
const text = (value: string, marks: Json[] = []): Json => ({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
const link = (href: string, attrs: Json = {}): Json => ({ type: 'link', attrs: { href, ...DEFAULTS, ...attrs } });
const paragraphDoc = (...content: Json[]): Json => ({ type: 'doc', content: [{ type: 'paragraph', content }] });

/** A fake <a> for the parse rule: attributes by name. */
const anchor = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as unknown as HTMLElement;
const parseAnchor = (attrs: Record<string, string>) => (linkType.spec.parseDOM![0] as TagParseRule).getAttrs!(anchor(attrs));
const render = (attrs: Json) => linkType.spec.toDOM!(linkType.create(attrs), true);

describe('the link mark in the schema', () => {
  it('keeps the name, attributes, defaults and place of @tiptap/extension-link', () => {
    expect(Object.keys(schema.marks)).toEqual(['link', 'bold', 'italic', 'underline']);
    expect(linkType.create({ href: 'https://x.nl' }).attrs).toEqual({ href: 'https://x.nl', ...DEFAULTS });
    expect(linkType.spec.inclusive).toBe(true);
  });

  it('loads a stored link exactly as it was, and fills the defaults of one holding only an href', () => {
    const stored = paragraphDoc(text('site', [link('https://gemeente.nl', { title: 'Gemeente' })]), text(' en '), text('mail', [link('mailto:a@b.nl')]));
    expect(schema.nodeFromJSON(stored).toJSON()).toEqual(stored);
    const hrefOnly = paragraphDoc(text('x', [{ type: 'link', attrs: { href: 'https://x.nl' } }]));
    expect(schema.nodeFromJSON(hrefOnly).toJSON()).toEqual(paragraphDoc(text('x', [link('https://x.nl')])));
  });

  it('parses an <a> with an http, https or mailto href, with its title but not how it opens', () => {
    expect(parseAnchor({ href: 'https://x.nl', title: '2025', target: '_self', rel: 'opener', class: 'toolbar' })).toEqual({ href: 'https://x.nl', title: '2025' });
    expect(parseAnchor({ href: 'mailto:a@b.nl' })).toEqual({ href: 'mailto:a@b.nl' });
  });

  it.each(['javascript:alert(1)', ' javascript:alert(1)', 'javascript://x.nl/%0aalert(1)', 'data:text/html,x', 'www.x.nl', '/pad', ''])(
    'parses no link from <a href="%s">',
    (href) => {
      expect(parseAnchor({ href })).toBe(false);
    },
  );

  it('renders a link that opens safely in a new tab, whatever its stored target and rel', () => {
    expect(render({ href: 'https://x.nl', target: '_self', rel: 'opener', title: 'Site' })).toEqual([
      'a',
      { href: 'https://x.nl', target: '_blank', rel: 'noopener noreferrer nofollow', title: 'Site', class: null },
      0,
    ]);
  });

  it('renders a stored link with a forbidden href without any href', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,x', null]) {
      const [, attrs] = render({ href }) as [string, Json, number];
      expect(attrs.href).toBeNull();
      expect(attrs.rel).toBe('noopener noreferrer nofollow');
    }
  });
});

describe('the link commands', () => {
  let editor: Editor | null = null;
  afterEach(() => editor?.destroy());

  it('setLink links the selection with an allowed href only, unsetLink takes the whole link off', () => {
    editor = new Editor({ element: null, extensions: zoneExtensions({ table: false }), content: paragraphDoc(text('hallo wereld')) });
    editor.commands.setTextSelection({ from: 1, to: 6 });
    expect(editor.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(editor.getJSON()).toEqual(paragraphDoc(text('hallo wereld')));
    expect(editor.commands.setLink({ href: 'https://x.nl' })).toBe(true);
    expect(editor.getJSON()).toEqual(paragraphDoc(text('hallo', [link('https://x.nl')]), text(' wereld')));
    expect(editor.isActive('link')).toBe(true);

    editor.commands.setTextSelection(3);
    expect(editor.chain().extendMarkRange('link').unsetLink().run()).toBe(true);
    expect(editor.getJSON()).toEqual(paragraphDoc(text('hallo wereld')));
  });
});

/**
 * The state after typing `typed` at the caret: the autolink input rule as tiptap's input rule
 * plugin runs it, then the text input handler of spaceEndsLink, then plain insertion.
 */
function type(state: EditorState, typed: string): EditorState {
  const { from, to, $from } = state.selection;
  const textBefore = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc') + typed;
  const rule = autolinkRule(linkType);
  const found = (rule.find as (text: string) => { index: number; text: string; data?: Json } | null)(textBefore);
  if (found) {
    const match = Object.assign([found.text] as RegExpMatchArray, { index: found.index, input: textBefore, data: found.data }) as ExtendedRegExpMatchArray;
    const tr = state.tr;
    const chainable = createChainableState({ state, transaction: tr });
    const range = { from: from - (found.text.length - typed.length), to };
    // The link rules use none of tiptap's commands.
    const unused = {} as never;
    if (rule.handler({ state: chainable, range, match, commands: unused, chain: unused, can: unused }) !== null && tr.steps.length) return state.apply(tr);
  }
  let next = state;
  const view = { get state() { return next; }, dispatch: (tr: Transaction) => (next = next.apply(tr)) } as unknown as EditorView;
  if (spaceEndsLink(linkType).props.handleTextInput!.call(null as never, view, from, to, typed, () => state.tr)) return next;
  return state.apply(state.tr.insertText(typed));
}

function stateAtEnd(...content: Json[]): EditorState {
  const doc = schema.nodeFromJSON(paragraphDoc(...content));
  return EditorState.create({ doc, selection: TextSelection.atEnd(doc) });
}

const paragraphJson = (doc: ProseMirrorNode) => doc.toJSON().content[0].content;

describe('autolink while typing', () => {
  it.each([
    ['Kijk op www.example.nl', 'www.example.nl', 'https://www.example.nl'],
    ['https://gemeente.nl/afval', 'https://gemeente.nl/afval', 'https://gemeente.nl/afval'],
    ['Bel gemeente.nl', 'gemeente.nl', 'https://gemeente.nl'],
    ['Mail jan@gemeente.nl', 'jan@gemeente.nl', 'mailto:jan@gemeente.nl'],
  ])('a space after "%s" links %s', (before, url, href) => {
    const after = type(stateAtEnd(text(before)), ' ');
    const lead = before.slice(0, before.length - url.length);
    expect(paragraphJson(after.doc)).toEqual([...(lead ? [text(lead)] : []), text(url, [link(href)]), text(' ')]);
    expect(after.selection.from).toBe(after.doc.content.size - 1);
  });

  it('leaves the punctuation around a URL out of the link', () => {
    const after = type(stateAtEnd(text('(zie www.example.nl).')), ' ');
    expect(paragraphJson(after.doc)).toEqual([text('(zie '), text('www.example.nl', [link('https://www.example.nl')]), text('). ')]);
  });

  it.each(['score 1.5', 'bijv. e.g.', 'versie v2.0', 'zie rapport.pdf', 'klaar.Nu', 'www.'])('links nothing in "%s"', (before) => {
    expect(paragraphJson(type(stateAtEnd(text(before)), ' ').doc)).toEqual([text(`${before} `)]);
  });

  it('keeps the marks of the URL and gives the space the same, without the link', () => {
    const after = type(stateAtEnd(text('www.x.nl', [{ type: 'bold' }])), ' ');
    expect(paragraphJson(after.doc)).toEqual([text('www.x.nl', [link('https://www.x.nl'), { type: 'bold' }]), text(' ', [{ type: 'bold' }])]);
  });

  it('leaves an existing link as it is, and a space at its end is not part of it', () => {
    const after = type(stateAtEnd(text('www.x.nl', [link('https://elders.nl')])), ' ');
    expect(paragraphJson(after.doc)).toEqual([text('www.x.nl', [link('https://elders.nl')]), text(' ')]);
  });

  it('inserts input of several characters at once (an IME, dictation, a test driver) as it is', () => {
    expect(paragraphJson(type(stateAtEnd(text('zie ')), 'abc www.x.nl ').doc)).toEqual([text('zie abc www.x.nl ')]);
    const long = 'Heel lang verhaal. '.repeat(4000);
    expect(paragraphJson(type(stateAtEnd(text('x', [link('https://x.nl')])), long).doc)).toEqual([text(`x${long}`, [link('https://x.nl')])]);
  });

  it('lets a letter typed at the end of a link join it (the mark is inclusive)', () => {
    const after = type(stateAtEnd(text('gemeente', [link('https://x.nl')])), 'n');
    expect(paragraphJson(after.doc)).toEqual([text('gemeenten', [link('https://x.nl')])]);
  });
});

describe('autolink on Enter', () => {
  it('links the URL before the caret when the caret ends it', () => {
    const tr = linkBeforeCaret(stateAtEnd(text('zie www.example.nl')), linkType);
    expect(tr && paragraphJson(tr.doc)).toEqual([text('zie '), text('www.example.nl', [link('https://www.example.nl')])]);
  });

  it('links nothing in the middle of a word, after a non-URL, or where a link already is', () => {
    const state = stateAtEnd(text('www.example.nlx'));
    const inWord = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 15)));
    expect(linkBeforeCaret(inWord, linkType)).toBeNull();
    expect(linkBeforeCaret(stateAtEnd(text('versie 2.0')), linkType)).toBeNull();
    expect(linkBeforeCaret(stateAtEnd(text('www.x.nl', [link('https://elders.nl')])), linkType)).toBeNull();
  });
});
