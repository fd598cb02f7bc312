import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proseMask, splitLines } from './lines.ts';
import { outlineTitle, parseOutline, sectionOf } from './outline.ts';

/** Lines that decide a README's title: headings of every kind and level, section ends, fences, front matter. */
const LINES = [
  '# Chapter 01: Foundations',
  '## Chapter 2 - Second',
  '# A plain title',
  '### Deeper heading',
  '## 🔑 Key Concepts',
  '## Learning Objectives',
  '#### Estimated Time',
  '# 📚 Subchapters',
  '   # indented heading',
  '    # code, not a heading',
  '#tag',
  '---',
  '***',
  '...',
  '```',
  '~~~',
  '- item',
  '  - nested',
  'text',
  '',
  '   ',
  '**Focus:** something',
];

const readme = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.constantFrom(...LINES), { maxLength: 60 }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([bom, lines, eol]) => (bom ? '\uFEFF' : '') + lines.join(eol));

describe('outlineTitle', () => {
  it('gives the title, title line and chapter number that the full outline gives', () => {
    fc.assert(
      fc.property(readme, (text) => {
        const lines = splitLines(text);
        const { title, titleLine, chapter } = parseOutline(lines, proseMask(lines));
        expect(outlineTitle(text)).toEqual({
          ...(title !== undefined ? { title } : {}),
          ...(titleLine !== undefined ? { titleLine } : {}),
          ...(chapter !== undefined ? { chapter } : {}),
        });
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('settles a chapter README from its first line', () => {
    expect(outlineTitle('# Chapter 07: Streams\n\n## 🔑 Key Concepts\n- a\n')).toEqual({
      title: 'Streams',
      titleLine: 1,
      chapter: 7,
    });
  });

  it('never takes a heading with a digit for a section, so numbered headings skip the section patterns', () => {
    const names = ['Key Concepts', 'Learning Objectives', 'Subchapters', 'Tools & Technologies', 'Reading', 'Overview'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.integer({ min: 0, max: 99 }), fc.boolean(), (name, n, before) => {
        const heading = before ? `${n}. ${name}` : `🔑 ${name} (${n})`;
        expect(sectionOf(heading)).toBeUndefined();
        const lines = ['# T', `## ${heading}`, '- item'];
        expect(parseOutline(lines, proseMask(lines)).sections).toEqual([]);
      }),
      { seed: 42, numRuns: 300 },
    );
    expect(sectionOf('🔑 Key Concepts')).toBe('concepts');
  });
});
