import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, renderCardMarkdown } from './markdown';

describe('Markdown', () => {
  it('shows raw HTML in a card as inert text, never as markup', () => {
    const { container } = render(
      <Markdown
        source={
          'Hello <script>window.hacked = 1</script> <img src=x onerror="alert(1)"> <b>bold?</b>'
        }
      />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<script>window.hacked = 1</script>');
    expect(container.textContent).toContain('<b>bold?</b>');
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });

  it('renders code blocks, lists, emphasis and tables', () => {
    const source = [
      '*em* and **strong** and `code`',
      '',
      '```python',
      'print("<hi>")',
      '```',
      '',
      '- one',
      '- two',
      '',
      '1. first',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
    ].join('\n');
    const { container } = render(<Markdown source={source} />);
    expect(container.querySelector('em')).toHaveTextContent('em');
    expect(container.querySelector('strong')).toHaveTextContent('strong');
    expect(container.querySelector('pre code')).toHaveTextContent('print("<hi>")');
    expect(container.querySelectorAll('ul li')).toHaveLength(2);
    expect(container.querySelectorAll('ol li')).toHaveLength(1);
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '2']);
  });

  it('opens links in a new tab with no opener, and drops script URLs', () => {
    const html = renderCardMarkdown('[docs](https://example.org) [bad](javascript:alert(1))');
    const div = document.createElement('div');
    div.innerHTML = html;
    const links = [...div.querySelectorAll('a')];
    const good = links.find((a) => a.textContent === 'docs');
    expect(good?.getAttribute('href')).toBe('https://example.org');
    expect(good?.getAttribute('target')).toBe('_blank');
    expect(good?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    // markdown-it refuses the script URL, so it stays as plain text, never as a link.
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org']);
  });
});
