import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import {
  getChapterGraph,
  layoutChapterGraph,
  type ChapterGraph,
  type GraphNode,
  type PlacedNode,
} from '../../services';
import { useDb } from '../common/app-context';
import './chapter-graph.css';

const WIDTH = 360;
const HEIGHT = 260;
const MARGIN = 48;
const NODE_R = 18;

const RELATION: Record<GraphNode['relation'], string> = {
  current: 'this chapter',
  'links-to': 'this chapter links to it',
  'linked-from': 'it links to this chapter',
  both: 'linked both ways',
};

/** How a chapter is named in the graph and its text list. */
export function nodeName(node: Pick<GraphNode, 'chapter' | 'title'>): string {
  if (node.chapter !== undefined && !/^chapter\s/i.test(node.title)) {
    return `Chapter ${node.chapter}: ${node.title}`;
  }
  return node.title;
}

/** Shortens a label to fit under a node (SVG text does not wrap). */
function short(text: string, max = 22): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The line of an edge, cut at both circles so the arrow head stays visible, and moved a little sideways when the
 * link also runs the other way, so the two directions show as two lines.
 */
function edgeLine(from: PlacedNode, to: PlacedNode, twoWay: boolean) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const shift = twoWay ? 4 : 0;
  const ox = -uy * shift;
  const oy = ux * shift;
  return {
    x1: from.x + ux * NODE_R + ox,
    y1: from.y + uy * NODE_R + oy,
    x2: to.x - ux * (NODE_R + 4) + ox,
    y2: to.y - uy * (NODE_R + 4) + oy,
  };
}

/**
 * The related-chapters graph as SVG (nodes and directed edges; chapters not in the course dashed and marked "not
 * yet available"), with the same content as a text list for screen readers. The drawing is hidden from assistive
 * technology because the list says everything it shows.
 */
export function ChapterGraphView({ graph, title }: { graph: ChapterGraph; title: string }) {
  const markerId = `${useId().replace(/:/g, '')}-arrow`;
  const placed = layoutChapterGraph(graph, WIDTH, HEIGHT, MARGIN);
  const byId = new Map(placed.map((n) => [n.id, n]));
  const pairs = new Set(graph.edges.map((e) => `${e.from}\u0000${e.to}`));
  const others = graph.nodes.filter((n) => !n.current);
  return (
    <figure className="chapter-graph">
      <svg
        className="chapter-graph__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        aria-hidden="true"
        focusable="false"
        data-testid="chapter-graph-svg"
      >
        <defs>
          <marker
            id={markerId}
            viewBox="0 0 10 10"
            refX="8"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path className="chapter-graph__arrow" d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const from = byId.get(edge.from);
          const to = byId.get(edge.to);
          if (!from || !to) return null;
          const line = edgeLine(from, to, pairs.has(`${edge.to}\u0000${edge.from}`));
          return (
            <line
              key={`${edge.from}->${edge.to}`}
              className="chapter-graph__edge"
              data-from={edge.from}
              data-to={edge.to}
              markerEnd={`url(#${markerId})`}
              {...line}
            />
          );
        })}
        {placed.map((node) => (
          <g
            key={node.id}
            className={`chapter-graph__node${node.current ? ' chapter-graph__node--current' : ''}${
              node.available ? '' : ' chapter-graph__node--missing'
            }`}
            data-node={node.id}
          >
            <circle cx={node.x} cy={node.y} r={NODE_R} />
            <text
              className="chapter-graph__number"
              x={node.x}
              y={node.y}
              textAnchor="middle"
              dominantBaseline="central"
            >
              {node.chapter ?? '?'}
            </text>
            <text
              className="chapter-graph__label"
              x={node.x}
              y={node.y + NODE_R + 13}
              textAnchor="middle"
            >
              {short(node.available ? node.title : `${node.title} (not yet available)`)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="visually-hidden">
        <p>{title}</p>
        {others.length === 0 ? (
          <p>No chapter links to or from this one.</p>
        ) : (
          <ul aria-label="Related chapters in the graph">
            {others.map((node) => (
              <li key={node.id}>
                {nodeName(node)} — {RELATION[node.relation]}
                {node.available ? '' : ', not yet available in this course'}
              </li>
            ))}
          </ul>
        )}
      </figcaption>
    </figure>
  );
}

/** The chapter page's graph section: reads the decks and draws the links around `deckId`. */
export function ChapterGraphSection({ deckId }: { deckId: string }) {
  const db = useDb();
  const graph = useLiveQuery(() => getChapterGraph(db, deckId), [db, deckId]);
  const headingId = useId();
  if (!graph) return null;
  const current = graph.nodes.find((n) => n.current);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Chapter graph</h2>
      {graph.nodes.length === 1 ? (
        <p className="muted">No chapter links to or from this one yet.</p>
      ) : (
        <ChapterGraphView
          graph={graph}
          title={`Chapters linked to and from ${current ? nodeName(current) : 'this chapter'}.`}
        />
      )}
    </section>
  );
}
