import type { Bilingual } from '@app/contracts';
import { MAIL_LAYOUT } from './mail-layout.generated';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;

/** Most of what a message says has none of these: testing first spares it a copy. */
export const escapeHtml = (text: string) => (SPECIAL.test(text) ? text.replace(/[&<>"']/g, (char) => ENTITIES[char]) : text);

/** A part of the compiled layout: literal HTML around named slots, so filling it in is joining strings. */
class Part {
  private readonly literals: string[] = [];
  private readonly slots: string[] = [];

  constructor(html: string) {
    html.split(/%%(\w+)%%/).forEach((piece, index) => (index % 2 === 0 ? this.literals : this.slots).push(piece));
  }

  fill(values: Record<string, string>): string {
    let html = this.literals[0];
    for (let index = 0; index < this.slots.length; index += 1) {
      const value = values[this.slots[index]];
      if (value === undefined) throw new Error(`The mail layout's slot %%${this.slots[index]}%% was left empty`);
      html += value + this.literals[index + 1];
    }
    return html;
  }
}

const BLOCK = /<!--(\w+)-->([\s\S]*?)<!--\/\1-->/g;

/** Each <!--name-->…<!--/name--> of the layout becomes its own part, and the slot %%name%% in the part around it. */
function partsOf(html: string, name: string, parts: Map<string, Part>): Map<string, Part> {
  parts.set(name, new Part(html.replace(BLOCK, (_, inner: string, body: string) => (partsOf(body, inner, parts), `%%${inner}%%`))));
  return parts;
}

const PARTS = partsOf(MAIL_LAYOUT, 'document', new Map());
const part = (name: string) => {
  const found = PARTS.get(name);
  if (!found) throw new Error(`The mail layout has no part "${name}": run npm run build:mail`);
  return found;
};
const DOCUMENT = part('document');
const LANGUAGE = part('language');
const DIVIDER = part('divider').fill({});
const PARAGRAPH = part('paragraph');
const PRIMARY = part('primary');
const SECONDARY = part('secondary');
const NOTE = part('note');

/** A button: `href` as it goes into the attribute (a placeholder the sender fills in, escaped for HTML). */
export interface LayoutButton {
  label: string;
  href: string;
}

export interface LayoutSection {
  lang: 'zh-CN' | 'en';
  paragraphs: string[];
  buttons: LayoutButton[];
}

/** What one email shows, as plain text: the stored body escapes all of it. */
export interface MailContent {
  /** The line inboxes show beside the subject. */
  preview: string;
  cohortName: string;
  /** In the order shown: 中文 first. */
  sections: LayoutSection[];
  notes: Bilingual[];
}

const PREVIEW_LENGTH = 120;

const paragraphHtml = (paragraph: string) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`;
const buttonHtml = (button: LayoutButton) => `<a href="${escapeHtml(button.href)}">${escapeHtml(button.label)}</a>`;
const sectionHtml = (section: LayoutSection) => `<section lang="${section.lang}">${section.paragraphs.map(paragraphHtml).join('')}${section.buttons.map(buttonHtml).join('')}</section>`;

/**
 * The body stored with a message: its own content in a few plain tags, escaped, without the layout, whose inline
 * styles would make it ten times larger (each row is read back to be sent). `layoutHtml` lays it out when it is sent.
 */
export function contentHtml(content: MailContent): string {
  const notes = content.notes.map((note) => `<p>${escapeHtml(note.zh)}<br>${escapeHtml(note.en)}</p>`).join('');
  return `<header data-preview="${escapeHtml(content.preview.slice(0, PREVIEW_LENGTH))}">${escapeHtml(content.cohortName)}</header>${content.sections.map(sectionHtml).join('')}<footer>${notes}</footer>`;
}

// The tags of a stored body (contentHtml): all its text is escaped, so none of these can occur inside it.
const STORED_BODY = /^<header data-preview="([^"]*)">([^<]*)<\/header>(.*)<footer>(.*)<\/footer>$/s;
const STORED_SECTION = /<section lang="([^"]*)">(.*?)<\/section>/gs;
const STORED_ITEM = /<p>(.*?)<\/p>|<a href="([^"]*)">([^<]*)<\/a>/gs;
const STORED_NOTE = /<p>(.*?)<br>(.*?)<\/p>/gs;

function laidOutSection(lang: string, items: string, index: number): string {
  let paragraphs = '';
  const buttons: string[] = [];
  for (const [, text, href, label] of items.matchAll(STORED_ITEM)) {
    if (text !== undefined) paragraphs += PARAGRAPH.fill({ text });
    else buttons.push((buttons.length === 0 ? PRIMARY : SECONDARY).fill({ href, label }));
  }
  return LANGUAGE.fill({ lang, divider: index === 0 ? '' : DIVIDER, paragraph: paragraphs, primary: buttons[0] ?? '', secondary: buttons.slice(1).join('') });
}

/** The HTML of one email: a stored body laid out in the layout compiled from mail-layout.mjml. */
export function layoutHtml(title: string, body: string): string {
  // Rows recorded before bodies were stored without their layout hold the whole document already.
  if (body.startsWith('<!doctype html>')) return body;
  const stored = STORED_BODY.exec(body);
  if (!stored) throw new Error('Not a stored mail body: it does not start with its <header>');
  const [, preview, cohort, sections, notes] = stored;
  return DOCUMENT.fill({
    title: escapeHtml(title),
    preview,
    cohort,
    language: Array.from(sections.matchAll(STORED_SECTION), ([, lang, items], index) => laidOutSection(lang, items, index)).join(''),
    note: Array.from(notes.matchAll(STORED_NOTE), ([, zh, en]) => NOTE.fill({ zh, en })).join(''),
  });
}
