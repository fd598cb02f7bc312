import { describe, expect, it } from 'vitest';
import { buildDecks } from './build.ts';
import type { SourceTree } from './build.ts';
import { inferSubchapter, parseSubchapter, parseToolsLine, parseReading } from './cards.ts';
import { normaliseKey, slugify, wikilinkLabel, showWikilinks, stableHash } from './text.ts';
import { sectionOf } from './outline.ts';
import { scanInline } from './inline.ts';
import { proseMask, splitLines } from './lines.ts';

const chapter = (title: string, body = '') => `# Chapter 01: ${title}\n\n## Key Concepts\n\n${body}`;

function source(files: Record<string, string>, extra: Partial<SourceTree> = {}): SourceTree {
  return {
    rootSegments: ['home', 'me', 'Vault'],
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
    ...extra,
  };
}

describe('course, chapter and deck id', () => {
  it('names a course folder called Course after its parent and slugs the deck id from course and number', () => {
    const result = buildDecks(
      source({ '01_Projects/DEforAI/Course/01. Intro/README.md': chapter('Intro', '- A') }),
    );
    expect(result.decks[0]).toMatchObject({ id: 'deforai-01', course: 'DEforAI', chapter: 1 });
  });

  it('takes the course name from course.json and the chapter number from the heading when the folder has none', () => {
    const result = buildDecks(
      source({
        'ml/course.json': '{ "name": "Machine Learning" }',
        'ml/intro/README.md': '# Chapter 7: Intro\n\n## Key Concepts\n\n- A\n',
      }),
    );
    expect(result.decks[0]).toMatchObject({ id: 'machine-learning-07', course: 'Machine Learning', chapter: 7 });
  });

  it('keeps the deck id when the chapter title is reworded', () => {
    const a = buildDecks(source({ 'C/01. Old/README.md': chapter('Old title', '- A') }));
    const b = buildDecks(source({ 'C/01. Old/README.md': chapter('A new title', '- A') }));
    expect(a.decks[0]?.id).toBe(b.decks[0]?.id);
    expect(a.decks[0]?.cards[0]?.id).toBe(b.decks[0]?.cards[0]?.id);
  });

  it('reports two chapters that make one deck id as an error', () => {
    const result = buildDecks(
      source({ 'C/01. A/README.md': chapter('A', '- x'), 'C/1. B/README.md': chapter('B', '- y') }),
    );
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/deck id "c-01"/) }),
    );
  });

  it('reports two different keys hashing to one card id as an error', () => {
    const result = buildDecks(source({ 'C/01. A/README.md': chapter('A', '- x\n- y') }), {
      hashKey: () => 'same',
    });
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        line: 6,
        message: expect.stringMatching(/two keys hash to one id/),
      }),
    );
  });

  it('takes the vault name and course path from the vault the source sits in', () => {
    const result = buildDecks(
      source({ 'Course/01. A/README.md': chapter('A', '- x') }, {
        vault: { name: 'Brain', prefix: ['01_Projects', 'DEforAI'] },
      }),
    );
    expect(result.decks[0]?.vault).toEqual({ name: 'Brain', coursePath: '01_Projects/DEforAI/Course' });
  });
});

describe('cards', () => {
  it('merges an inline answer into the concept with the same normalised text: one card, answered', () => {
    const result = buildDecks(
      source({
        'C/01. A/README.md': chapter('A', '- **Training-serving  skew**\n- Other'),
        'C/01. A/answers.md': 'training-serving skew::A mismatch.\n\nOther::*Second* answer',
      }),
    );
    const deck = result.decks[0];
    expect(deck?.cards.map((c) => [c.kind, c.back])).toEqual([
      ['concept', 'A mismatch.'],
      ['concept', '*Second* answer'],
    ]);
    expect(deck?.coverage).toEqual({ answered: 2, total: 2 });
    expect(result.unanswered).toEqual([]);
  });

  it('makes an unanswered concept a self-graded card and lists it as unanswered', () => {
    const result = buildDecks(source({ 'C/01. A/README.md': chapter('A', '- Lonely') }));
    expect(result.decks[0]?.cards[0]).toMatchObject({ back: '', selfGraded: true });
    expect(result.unanswered).toEqual([
      { deckId: 'c-01', kind: 'concept', text: 'Lonely', source: { file: '01. A/README.md', line: 5 } },
    ]);
  });

  it('puts nested bullets into their parent item', () => {
    const result = buildDecks(source({ 'C/01. A/README.md': chapter('A', '- Parent\n  - child one\n  - child two\n- Next') }));
    expect(result.decks[0]?.cards.map((c) => c.back)).toEqual(['- child one\n- child two', '']);
  });

  it('keeps raw HTML in card text as written (the app renders it inert)', () => {
    const result = buildDecks(
      source({ 'C/01. A/README.md': chapter('A'), 'C/01. A/n.md': '<b>x</b>::<script>alert(1)</script>' }),
    );
    expect(result.decks[0]?.cards[0]).toMatchObject({ front: '<b>x</b>', back: '<script>alert(1)</script>' });
  });

  it('resolves related chapters by vault path and by name, and warns about one not in the source', () => {
    const result = buildDecks(
      source({
        'P/X/Course/01. A/README.md':
          '# Chapter 01: A\n\n## Related Concepts\n\n- [[P/X/Course/02. B/README|Chapter 2: B]]\n- [[02. B]]\n- [[P/X/Course/09. Gone/README|Chapter 9]]\n',
        'P/X/Course/02. B/README.md': chapter('B', '- y'),
      }),
    );
    expect(result.decks[0]?.related).toEqual([
      { title: 'Chapter 2: B', target: 'P/X/Course/02. B/README', deckId: 'x-02', chapter: 2 },
      { title: '02. B', target: '02. B', deckId: 'x-02', chapter: 2 },
      { title: 'Chapter 9', target: 'P/X/Course/09. Gone/README' },
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        file: 'P/X/Course/01. A/README.md',
        line: 7,
        message: 'related chapter "Chapter 9" is not in the source ([[P/X/Course/09. Gone/README]])',
      },
    ]);
  });

  it('builds only the chapter asked for, still resolving links to its siblings', () => {
    const result = buildDecks(
      source(
        {
          '01. A/README.md': '# Chapter 01: A\n\n## Related\n\n- [[02. B/README|B]]\n',
          '02. B/README.md': chapter('B', '- y'),
        },
        { rootSegments: ['v', 'X', 'Course'], only: '01. A' },
      ),
    );
    expect(result.decks.map((d) => d.id)).toEqual(['x-01']);
    expect(result.decks[0]?.related[0]).toMatchObject({ deckId: 'x-02' });
  });

  it('writes byte-identical files for the same input', () => {
    const files = { 'C/01. A/README.md': chapter('A', '- x\n- y'), 'C/01. A/n.md': 'q::a\n\nThe ==c== d' };
    expect(buildDecks(source(files)).files).toEqual(buildDecks(source(files)).files);
  });
});

describe('item parsers', () => {
  it('recognises sections whatever the emoji, case, level or decoration', () => {
    expect(sectionOf('🔑 Key Concepts')).toBe('concepts');
    expect(sectionOf('KEY CONCEPTS:')).toBe('concepts');
    expect(sectionOf('🛠️ Tools & Technologies Introduced')).toBe('tools');
    expect(sectionOf('📖  recommended   reading')).toBe('reading');
    expect(sectionOf('⏱️ Estimated Time')).toBe('time');
    expect(sectionOf('Something else')).toBeUndefined();
  });

  it('infers the subchapter an objective belongs to from shared words', () => {
    const subs = [
      parseSubchapter('**01. The Role of Data Engineering in ML** - How DE fits into the ML workflow', 1),
      parseSubchapter('**02. Traditional DE vs ML-Focused DE** - Key differences and new requirements', 2),
      parseSubchapter('**03. The ML Data Engineering Tech Stack** - Tools and technologies overview', 3),
    ];
    expect(inferSubchapter('Explain the role of data engineering in the ML lifecycle', subs)?.title).toBe(
      '01. The Role of Data Engineering in ML',
    );
    expect(inferSubchapter('Understand the ML data engineering tech stack', subs)?.number).toBe(3);
    expect(inferSubchapter('Bake bread', subs)).toBeUndefined();
  });

  it('reads tools lines and refuses malformed ones', () => {
    expect(parseToolsLine('Frameworks (Spark (PySpark), Dask)', [])).toEqual({
      category: 'Frameworks',
      tools: ['Spark (PySpark)', 'Dask'],
    });
    expect(parseToolsLine('Notebooks', [])).toBeNull();
    expect(parseToolsLine('Broken (a, b', [])).toBeNull();
    expect(parseToolsLine('Tracking:', ['- MLflow'])).toEqual({ category: 'Tracking', tools: ['MLflow'] });
  });

  it('reads reading entries with straight or curly quotes', () => {
    expect(parseReading('"Designing ML Systems" by Chip Huyen')).toEqual({
      title: 'Designing ML Systems',
      author: 'Chip Huyen',
    });
    expect(parseReading('“Title” by A')).toEqual({ title: 'Title', author: 'A' });
    expect(parseReading('Just a title')).toEqual({ title: 'Just a title' });
  });

  it('shows wikilinks by alias or name', () => {
    expect(wikilinkLabel('01_Projects/X/README|Chapter 2')).toBe('Chapter 2');
    expect(wikilinkLabel('Notes/Spacing.md#Why')).toBe('Spacing > Why');
    expect(showWikilinks('see [[a/b|B]] and ![[img.png]]')).toBe('see B and ![[img.png]]');
  });

  it('normalises keys by emphasis, white space and case', () => {
    expect(normaliseKey('  **Training-serving**   _skew_ ')).toBe('training-serving skew');
    expect(normaliseKey('snake_case_name')).toBe('snake_case_name');
    expect(slugify('Data Engineering für KI')).toBe('data-engineering-fur-ki');
    expect(stableHash('x')).toMatch(/^[0-9a-z]{11}$/);
  });

  it('scans inline syntax like obsidian-spaced-repetition, skipping code and SR comments', () => {
    const lines = splitLines('a::b <!--SR:!2024-01-01,1,230-->\r\n\r\n```\nc::d\n```\n\nq\n??\nr\n\n`e::f` g\n\nx:::y');
    const scan = scanInline(lines, proseMask(lines));
    expect(scan.cards.map((c) => [c.kind, c.front, c.back, c.line])).toEqual([
      ['basic', 'a', 'b', 1],
      ['multiline-reversed', 'q', 'r', 7],
      ['reversed', 'x', 'y', 13],
    ]);
  });
});
