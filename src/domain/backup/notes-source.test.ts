import { describe, expect, it } from 'vitest';
import { buildDecks } from '../decks';
import { isNotePath, planNotesImport } from './notes-source';

const README =
  '# Chapter 03: Data Quality\n\n## 🔑 Key Concepts\n\n- **Drift**: inputs change over time\n';

describe('planNotesImport', () => {
  it('strips the picked folder and detects a vault by its .obsidian folder', () => {
    const plan = planNotesImport(
      [{ path: 'Vault/Course/03. Quality/README.md', text: README }],
      ['Vault/Course/03. Quality/README.md', 'Vault/.obsidian/app.json'],
    );
    expect(plan.problems).toEqual([]);
    expect(plan.tree).toEqual({
      rootSegments: ['Vault'],
      files: [{ path: 'Course/03. Quality/README.md', text: README }],
      vault: { name: 'Vault', prefix: [] },
    });
  });

  it('builds a picked chapter folder, or a folder named Course, under the chosen course name', () => {
    const chapter = planNotesImport([{ path: '03. Quality/README.md', text: README }], [], {
      courseName: 'DEforAI',
    });
    expect(buildDecks(chapter.tree!).decks.map((d) => d.id)).toEqual(['deforai-03']);
    const course = planNotesImport([{ path: 'Course/03. Quality/README.md', text: README }], [], {
      courseName: 'DEforAI',
    });
    expect(buildDecks(course.tree!).decks.map((d) => d.id)).toEqual(['deforai-03']);
  });

  it('takes loose files as one chapter when they hold one README with a chapter heading', () => {
    const plan = planNotesImport(
      [
        { path: 'README.md', text: README },
        { path: 'notes.md', text: 'What is drift?::Inputs changing over time' },
      ],
      [],
      { courseName: 'DEforAI' },
    );
    expect(buildDecks(plan.tree!).decks.map((d) => d.id)).toEqual(['deforai-03']);
  });

  it('explains what is wrong with a pick it cannot use', () => {
    expect(planNotesImport([], []).problems[0]).toMatch(/No markdown notes/);
    expect(
      planNotesImport(
        [
          { path: 'a/README.md', text: README },
          { path: 'b/README.md', text: README },
        ],
        [],
      ).problems[0],
    ).toMatch(/different folders/);
    expect(
      planNotesImport(
        [
          { path: 'README.md', text: README },
          { path: 'readme.md', text: README },
        ],
        [],
      ).problems[0],
    ).toMatch(/Several README\.md/);
    expect(planNotesImport([{ path: 'README.md', text: '# Notes' }], []).problems[0]).toMatch(
      /does not say which chapter/,
    );
    expect(planNotesImport([{ path: 'x/../README.md', text: README }], []).problems[0]).toMatch(
      /not a plain relative path/,
    );
  });

  it('reads only notes and course.json outside hidden folders', () => {
    expect(isNotePath('Vault/Course/01. A/README.md')).toBe(true);
    expect(isNotePath('Vault/Course/course.json')).toBe(true);
    expect(isNotePath('Vault/.obsidian/workspace.md')).toBe(false);
    expect(isNotePath('Vault/Course/diagram.png')).toBe(false);
  });
});
