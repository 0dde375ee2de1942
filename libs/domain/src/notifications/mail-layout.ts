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

/** What one email shows, as plain text: the layout escapes all of it. */
export interface MailContent {
  title: string;
  /** The line inboxes show beside the subject. */
  preview: string;
  cohortName: string;
  /** In the order shown: 中文 first. */
  sections: LayoutSection[];
  notes: Bilingual[];
}

const PREVIEW_LENGTH = 120;

const paragraphHtml = (paragraph: string) => PARAGRAPH.fill({ text: escapeHtml(paragraph).replace(/\r?\n/g, '<br>') });

function buttonHtml(button: LayoutButton, index: number): string {
  return (index === 0 ? PRIMARY : SECONDARY).fill({ href: escapeHtml(button.href), label: escapeHtml(button.label) });
}

function sectionHtml(section: LayoutSection, index: number): string {
  const buttons = section.buttons.map(buttonHtml);
  return LANGUAGE.fill({
    lang: section.lang,
    divider: index === 0 ? '' : DIVIDER,
    paragraph: section.paragraphs.map(paragraphHtml).join(''),
    primary: buttons[0] ?? '',
    secondary: buttons.slice(1).join(''),
  });
}

/** The HTML of one email: the layout compiled from mail-layout.mjml, filled in. */
export function layoutHtml(content: MailContent): string {
  return DOCUMENT.fill({
    title: escapeHtml(content.title),
    preview: escapeHtml(content.preview.slice(0, PREVIEW_LENGTH)),
    cohort: escapeHtml(content.cohortName),
    language: content.sections.map(sectionHtml).join(''),
    note: content.notes.map((note) => NOTE.fill({ zh: escapeHtml(note.zh), en: escapeHtml(note.en) })).join(''),
  });
}
