import { describe, expect, it } from 'vitest';
import { chapterGraph, layoutChapterGraph, type GraphDeck } from './chapter-graph';

const link = (chapter: number, title: string, deckId?: string) => ({
  title: `Chapter ${chapter}: ${title}`,
  target: `01_Projects/DEforAI/Course/${String(chapter).padStart(2, '0')}. ${title}/README`,
  chapter,
  ...(deckId === undefined ? {} : { deckId }),
});

// The fixture vault: 01 → 02, 03, 10 (not in the vault); 02 → 01, 04; 03 → 02; 04 → 03, 01.
const decks: GraphDeck[] = [
  {
    id: 'deforai-01',
    course: 'DEforAI',
    chapter: 1,
    title: 'Foundations of ML Data',
    related: [
      link(2, 'ML Data Pipeline Lifecycle', 'deforai-02'),
      link(3, 'Data Quality for ML', 'deforai-03'),
      link(10, 'Feature Stores'),
    ],
  },
  {
    id: 'deforai-02',
    course: 'DEforAI',
    chapter: 2,
    title: 'ML Data Pipeline Lifecycle',
    related: [
      link(1, 'Foundations of ML Data', 'deforai-01'),
      link(4, 'Feature Engineering', 'deforai-04'),
    ],
  },
  {
    id: 'deforai-03',
    course: 'DEforAI',
    chapter: 3,
    title: 'Data Quality for ML',
    related: [link(2, 'ML Data Pipeline Lifecycle', 'deforai-02')],
  },
  {
    id: 'deforai-04',
    course: 'DEforAI',
    chapter: 4,
    title: 'Feature Engineering',
    related: [
      link(3, 'Data Quality for ML', 'deforai-03'),
      link(1, 'Foundations of ML Data', 'deforai-01'),
    ],
  },
];

describe('chapter graph', () => {
  it('shows the links both ways and a missing chapter as not yet available', () => {
    const graph = chapterGraph('deforai-01', decks);
    expect(graph?.nodes.map((n) => [n.id, n.relation, n.available])).toEqual([
      ['deforai-01', 'current', true],
      ['deforai-02', 'both', true],
      ['deforai-03', 'links-to', true],
      ['deforai-04', 'linked-from', true],
      ['missing:01_Projects/DEforAI/Course/10. Feature Stores/README', 'links-to', false],
    ]);
    expect(graph?.nodes[4]).toMatchObject({ title: 'Chapter 10: Feature Stores', chapter: 10 });
  });

  it('draws every link between the shown chapters in its own direction', () => {
    const edges = chapterGraph('deforai-01', decks)?.edges.map((e) => `${e.from}→${e.to}`);
    expect(edges).toEqual([
      'deforai-01→deforai-02',
      'deforai-01→deforai-03',
      'deforai-01→missing:01_Projects/DEforAI/Course/10. Feature Stores/README',
      'deforai-02→deforai-01',
      'deforai-02→deforai-04',
      'deforai-03→deforai-02',
      'deforai-04→deforai-03',
      'deforai-04→deforai-01',
    ]);
  });

  it('includes chapters that only link here', () => {
    const graph = chapterGraph('deforai-03', decks);
    expect(graph?.nodes.map((n) => `${n.id}:${n.relation}`)).toEqual([
      'deforai-03:current',
      'deforai-01:linked-from',
      'deforai-02:links-to',
      'deforai-04:linked-from',
    ]);
  });

  it('is null for an unknown deck and ignores self-links and other courses', () => {
    expect(chapterGraph('nope', decks)).toBeNull();
    const lone: GraphDeck[] = [
      {
        id: 'a',
        course: 'A',
        chapter: 1,
        title: 'A',
        related: [{ title: 'me', target: 'a', deckId: 'a' }],
      },
      {
        id: 'b',
        course: 'B',
        chapter: 2,
        title: 'B',
        related: [{ title: 'A', target: 'a', deckId: 'a' }],
      },
    ];
    expect(chapterGraph('a', lone)).toEqual({
      nodes: [
        { id: 'a', title: 'A', chapter: 1, available: true, current: true, relation: 'current' },
      ],
      edges: [],
    });
  });

  it('lays the current chapter out in the centre and the others on a circle', () => {
    const graph = chapterGraph('deforai-03', decks);
    if (!graph) throw new Error('graph expected');
    const placed = layoutChapterGraph(graph, 300, 200, 40);
    expect(placed[0]).toMatchObject({ x: 150, y: 100 });
    expect(placed[1]!.x).toBeCloseTo(150, 9);
    expect(placed[1]!.y).toBeCloseTo(40, 9);
    for (const node of placed.slice(1)) {
      expect(Math.hypot(node.x - 150, node.y - 100)).toBeCloseTo(60, 9);
    }
  });
});
