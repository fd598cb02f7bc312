/** What the graph needs of a deck: its id, course, number, title and the links under Related Concepts. */
export type GraphDeck = {
  id: string;
  course: string;
  chapter: number;
  title: string;
  related: readonly { title: string; target: string; deckId?: string; chapter?: number }[];
};

export type GraphNode = {
  /** The deck id, or `missing:<target>` for a chapter referenced but not in the course. */
  id: string;
  title: string;
  chapter?: number;
  /** False for a chapter that is referenced but not (yet) part of the course. */
  available: boolean;
  /** True for the chapter whose page shows the graph. */
  current: boolean;
  /** How this node relates to the current chapter. */
  relation: 'current' | 'links-to' | 'linked-from' | 'both';
};

export type GraphEdge = { from: string; to: string };

export type ChapterGraph = { nodes: GraphNode[]; edges: GraphEdge[] };

const missingId = (target: string) => `missing:${target}`;

/**
 * The related-chapters graph around one chapter. Rule:
 * - nodes: the chapter, the chapters it links to under Related Concepts, and the chapters that link to it
 *   (links count both ways); a link that resolves to no deck is a node marked not available;
 * - edges: every link between two shown nodes, in its own direction (a → b when a's Related Concepts names b),
 *   so a mutual link is two edges; self-links and duplicates are dropped;
 * - order: the current chapter first, then by chapter number (unknown last), then title.
 * Decks of other courses are ignored. Returns null when the deck is unknown.
 */
export function chapterGraph(deckId: string, decks: readonly GraphDeck[]): ChapterGraph | null {
  const current = decks.find((d) => d.id === deckId);
  if (!current) return null;
  const course = decks.filter((d) => d.course === current.course);
  const byId = new Map(course.map((d) => [d.id, d]));
  const linkTargetId = (r: GraphDeck['related'][number]) =>
    r.deckId && byId.has(r.deckId) ? r.deckId : missingId(r.target);

  const nodes = new Map<string, GraphNode>();
  nodes.set(current.id, {
    id: current.id,
    title: current.title,
    chapter: current.chapter,
    available: true,
    current: true,
    relation: 'current',
  });
  const relate = (id: string, direction: 'links-to' | 'linked-from', make: () => GraphNode) => {
    const existing = nodes.get(id);
    if (!existing) nodes.set(id, make());
    else if (existing.relation !== 'current' && existing.relation !== direction)
      existing.relation = 'both';
  };
  for (const r of current.related) {
    const id = linkTargetId(r);
    if (id === current.id) continue;
    const deck = byId.get(id);
    relate(id, 'links-to', () =>
      deck
        ? {
            id,
            title: deck.title,
            chapter: deck.chapter,
            available: true,
            current: false,
            relation: 'links-to',
          }
        : {
            id,
            title: r.title,
            ...(r.chapter === undefined ? {} : { chapter: r.chapter }),
            available: false,
            current: false,
            relation: 'links-to',
          },
    );
  }
  for (const other of course) {
    if (other.id === current.id) continue;
    if (other.related.some((r) => r.deckId === current.id)) {
      relate(other.id, 'linked-from', () => ({
        id: other.id,
        title: other.title,
        chapter: other.chapter,
        available: true,
        current: false,
        relation: 'linked-from',
      }));
    }
  }

  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const from of nodes.values()) {
    const deck = byId.get(from.id);
    if (!deck) continue;
    for (const r of deck.related) {
      const to = linkTargetId(r);
      const key = `${from.id}\u0000${to}`;
      if (to === from.id || !nodes.has(to) || seen.has(key)) continue;
      seen.add(key);
      edges.push({ from: from.id, to });
    }
  }
  const ordered = [...nodes.values()].sort(
    (a, b) =>
      Number(b.current) - Number(a.current) ||
      (a.chapter ?? Infinity) - (b.chapter ?? Infinity) ||
      a.title.localeCompare(b.title),
  );
  return { nodes: ordered, edges };
}

export type PlacedNode = GraphNode & { x: number; y: number };

/**
 * Positions for drawing: the current chapter in the centre, the others evenly on a circle starting at the top
 * and going clockwise in the graph's order. Pure geometry: x = cx + r·sin θ, y = cy − r·cos θ, θ = 2πk/n.
 */
export function layoutChapterGraph(
  graph: ChapterGraph,
  width: number,
  height: number,
  margin: number,
): PlacedNode[] {
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.max(0, Math.min(width, height) / 2 - margin);
  const ring = graph.nodes.filter((n) => !n.current);
  return graph.nodes.map((node) => {
    if (node.current) return { ...node, x: cx, y: cy };
    const k = ring.indexOf(node);
    const theta = (2 * Math.PI * k) / ring.length;
    return { ...node, x: cx + radius * Math.sin(theta), y: cy - radius * Math.cos(theta) };
  });
}
