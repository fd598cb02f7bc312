import { describe, expect, it } from 'vitest';
import { obsidianUrl } from './obsidian-link';

describe('obsidianUrl', () => {
  it('joins the course path and the note path, and encodes both parameters', () => {
    expect(
      obsidianUrl(
        { name: 'My Vault', coursePath: '01_Projects/DEforAI/Course/' },
        '01. Intro/README.md',
      ),
    ).toBe(
      'obsidian://open?vault=My%20Vault&file=01_Projects%2FDEforAI%2FCourse%2F01.%20Intro%2FREADME.md',
    );
  });

  it('uses the note path alone when the course is the vault root, and nothing when the vault is unknown', () => {
    expect(obsidianUrl({ name: 'V', coursePath: '' }, 'a&b.md')).toBe(
      'obsidian://open?vault=V&file=a%26b.md',
    );
    expect(obsidianUrl(undefined, 'a.md')).toBeNull();
  });
});
