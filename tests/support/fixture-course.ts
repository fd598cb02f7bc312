/**
 * The fixture vault (tests/fixtures/vault, see tests/fixtures/README.md) as Deck JSON, written out by hand from its
 * notes so the readiness, quiz and graph tests do not depend on the deck parser: four chapters of DEforAI linked
 * 01 → 02, 03, 10 (missing); 02 → 01, 04; 03 → 02; 04 → 03, 01. Card kinds and texts follow the notes; ids follow
 * the `deckId:kind:key` shape. Also turns decks into the records the app stores, as a deck sync would.
 */
import type { CardKind, Deck, DeckCard, RelatedChapter } from '../../src/domain/deck-format';
import type { CardRecord, DeckRecord } from '../../src/domain/model';
import { newMemoryState } from '../../src/domain/scheduler';

const COURSE_PATH = '01_Projects/DEforAI/Course';
const FOLDERS: Record<number, string> = {
  1: '01. Foundations of ML Data',
  2: '02. ML Data Pipeline Lifecycle',
  3: '03. Data Quality for ML',
  4: '04. Feature Engineering',
  10: '10. Feature Stores',
};
const TITLES: Record<number, string> = {
  1: 'Foundations of ML Data',
  2: 'ML Data Pipeline Lifecycle',
  3: 'Data Quality for ML',
  4: 'Feature Engineering',
  10: 'Feature Stores',
};

export const deckIdOf = (chapter: number) => `deforai-${String(chapter).padStart(2, '0')}`;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const related = (chapter: number): RelatedChapter => ({
  title: `Chapter ${chapter}: ${TITLES[chapter]}`,
  target: `${COURSE_PATH}/${FOLDERS[chapter]}/README`,
  chapter,
  ...(chapter <= 4 ? { deckId: deckIdOf(chapter) } : {}),
});

type Item = { text: string; back?: string };
type ChapterSpec = {
  chapter: number;
  focus: string;
  overview: string;
  objectives: Item[];
  subchapters: [string, string][];
  concepts: Item[];
  tools: [string, string[]][];
  exercises: string[];
  related: number[];
  reading: [string, string][];
  inline: { front: string; back: string; kind?: CardKind; file: string; group?: string }[];
};

function deckOf(spec: ChapterSpec): Deck {
  const id = deckIdOf(spec.chapter);
  const folder = FOLDERS[spec.chapter] ?? '';
  const readme = `${folder}/README.md`;
  const cards: DeckCard[] = [];
  const add = (
    kind: CardKind,
    key: string,
    front: string,
    back: string,
    section: string,
    file = readme,
    group?: string,
    selfGraded?: boolean,
  ) =>
    cards.push({
      id: `${id}:${kind}:${slug(key)}`,
      kind,
      front,
      back,
      section,
      position: cards.length,
      group: group ?? `${id}:${kind}:${slug(key)}`,
      source: { file, line: cards.length + 1 },
      ...(selfGraded ? { selfGraded } : {}),
    });
  for (const o of spec.objectives)
    add(
      'objective',
      o.text,
      o.text,
      o.back ?? '',
      'Learning Objectives',
      readme,
      undefined,
      !o.back,
    );
  spec.subchapters.forEach(([title, summary], i) =>
    add('subchapter', String(i + 1), summary, title, 'Subchapters'),
  );
  for (const c of spec.concepts)
    add('concept', c.text, c.text, c.back ?? '', 'Key Concepts', readme, undefined, !c.back);
  for (const [category, tools] of spec.tools) {
    const group = `${id}:tool:${slug(category)}`;
    add(
      'tool',
      category,
      `Tools introduced for ${category}`,
      tools.join(', '),
      'Tools & Technologies',
      readme,
      group,
    );
    for (const tool of tools)
      add(
        'tool',
        `${tool}-${category}`,
        `${tool} is a tool for…`,
        category,
        'Tools & Technologies',
        readme,
        group,
      );
  }
  for (const [title, author] of spec.reading)
    add('reading', title, `Who wrote "${title}"?`, author, 'Recommended Reading');
  for (const c of spec.inline)
    add(c.kind ?? 'inline', c.front, c.front, c.back, 'Notes', `${folder}/${c.file}`, c.group);
  const answered = [...spec.concepts, ...spec.objectives].filter((i) => i.back).length;
  return {
    schemaVersion: 1,
    id,
    course: 'DEforAI',
    chapter: spec.chapter,
    title: TITLES[spec.chapter] ?? '',
    focus: spec.focus,
    overview: spec.overview,
    estimatedTime: ['Reading & Notes: 2 hours', 'Exercises: 1 hour', 'Total: 3 hours'],
    objectives: spec.objectives.map((o) => o.text),
    exercises: {
      folder: `Exercises/Chapter-${String(spec.chapter).padStart(2, '0')}/`,
      items: spec.exercises,
    },
    related: spec.related.map(related),
    reading: spec.reading.map(([title, author]) => ({ title, author })),
    vault: { name: 'vault', coursePath: COURSE_PATH },
    coverage: { answered, total: spec.concepts.length + spec.objectives.length },
    cards,
  };
}

export const FIXTURE_DECKS: Deck[] = [
  deckOf({
    chapter: 1,
    focus: 'Why data, not model code, decides how well an ML system works',
    overview:
      'This chapter shows where data engineering sits in the ML lifecycle and which data problems are special to machine learning.',
    objectives: [
      {
        text: 'Explain the role of data in the ML lifecycle',
        back: 'Data feeds every stage: it is collected and cleaned, turned into features and training sets, served at prediction time and logged for monitoring.',
      },
      {
        text: 'Distinguish training data from serving data',
        back: 'Training data is labeled history used in bulk; serving data is live input used one request at a time.',
      },
      {
        text: 'Describe training-serving skew',
        back: 'Features computed differently (or from different data) in training and in serving, which silently lowers accuracy.',
      },
    ],
    subchapters: [
      ['01. Data in the ML Lifecycle', 'Where data enters each stage of the lifecycle'],
      ['02. Training Data and Serving Data', 'The two paths data takes to a model'],
    ],
    concepts: [
      {
        text: 'ML lifecycle',
        back: 'Framing, data collection and preparation, training, evaluation, deployment and monitoring, looping back through retraining.',
      },
      {
        text: 'Training data vs serving data',
        back: 'Training data is historical and labeled, read in bulk; serving data arrives one request at a time at prediction time, without a label.',
      },
      {
        text: 'Training-serving skew',
        back: 'A difference between the features a model was trained on and the features it receives in production.',
      },
      {
        text: 'Data versioning',
        back: 'Recording which snapshot of the data produced each training run, so the run can be reproduced.',
      },
    ],
    tools: [
      ['Python ecosystem for ML', ['pandas', 'scikit-learn']],
      ['Data versioning tools', ['DVC', 'lakeFS']],
    ],
    exercises: ['Exercise 1: Map the ML lifecycle', 'Exercise 2: Find the training-serving skew'],
    related: [2, 3, 10],
    reading: [['Designing Machine Learning Systems', 'Chip Huyen']],
    inline: [],
  }),
  deckOf({
    chapter: 2,
    focus: 'The stages a batch of data goes through on its way to a trained model',
    overview:
      'This chapter follows data from ingestion to a training set and back through monitoring.',
    objectives: [
      { text: 'List the stages of an ML data pipeline' },
      { text: 'Explain why pipelines must be reproducible' },
    ],
    subchapters: [
      ['01. Pipeline Stages', 'Ingestion, validation, transformation, training set'],
      ['02. Orchestration', 'Scheduling and retrying pipeline tasks'],
    ],
    concepts: [
      { text: 'Ingestion' },
      {
        text: 'Orchestration',
        back: 'Scheduling pipeline tasks in dependency order, with retries and alerts, as in an Airflow or Prefect DAG.',
      },
      {
        text: 'Idempotent tasks',
        back: 'Tasks that give the same result when run twice on the same input, so retries and backfills are safe.',
      },
      { text: 'Backfills' },
      { text: 'Reproducible training sets' },
    ],
    tools: [['Data pipeline frameworks', ['Airflow', 'Prefect']]],
    exercises: ['Exercise 1: Draw a pipeline DAG'],
    related: [1, 4],
    reading: [['Fundamentals of Data Engineering', 'Joe Reis and Matt Housley']],
    inline: [
      {
        front: 'DAG',
        back: 'Directed acyclic graph of tasks that an orchestrator runs in dependency order',
        file: 'Pipeline notes.md',
        group: 'deforai-02:inline:dag',
      },
      {
        front: 'Directed acyclic graph of tasks that an orchestrator runs in dependency order',
        back: 'DAG',
        file: 'Pipeline notes.md',
        group: 'deforai-02:inline:dag',
      },
    ],
  }),
  deckOf({
    chapter: 3,
    focus: 'The checks that keep bad data away from training and serving',
    overview:
      'This chapter lists the data quality checks ML needs beyond classic completeness and validity.',
    objectives: [
      { text: 'Write validation checks for a training set' },
      { text: 'Recognize data leakage' },
    ],
    subchapters: [
      ['01. Validation Checks', 'Schema, ranges and distributions'],
      ['02. Leakage', 'Information from the future in training data'],
    ],
    concepts: [
      { text: 'Schema validation' },
      { text: 'Distribution checks' },
      { text: 'Data leakage' },
    ],
    tools: [['Data validation', ['Great Expectations', 'TensorFlow Data Validation']]],
    exercises: ['Exercise 1: Write three expectations'],
    related: [2],
    reading: [['Machine Learning Engineering', 'Andriy Burkov']],
    inline: [],
  }),
  deckOf({
    chapter: 4,
    focus: 'Turning raw records into model inputs that are the same in training and serving',
    overview: 'This chapter builds features from raw events and shows how to keep them consistent.',
    objectives: [
      { text: 'Build time-window aggregate features' },
      { text: 'Explain point-in-time correctness' },
    ],
    subchapters: [
      ['01. Aggregate Features', 'Counts and averages over time windows'],
      ['02. Point-in-Time Joins', 'Joining features without leaking the future'],
    ],
    concepts: [
      { text: 'Feature engineering' },
      { text: 'Time-window aggregates' },
      {
        text: 'Point-in-time correctness',
        back: "Each training row uses only the feature values known at that row's timestamp.",
      },
    ],
    tools: [
      ['Python ecosystem for ML', ['pandas', 'NumPy']],
      ['Feature stores', ['Feast']],
    ],
    exercises: ['Exercise 1: Compute a 7-day rolling count'],
    related: [3, 1],
    reading: [['Feature Engineering for Machine Learning', 'Alice Zheng and Amanda Casari']],
    inline: [
      {
        kind: 'cloze',
        front:
          'A 7-day rolling count is a ==…==; computing it the same way offline and online avoids training-serving skew.',
        back: 'time-window aggregate',
        file: 'Feature notes.md',
        group: 'deforai-04:cloze:p1',
      },
      {
        kind: 'cloze',
        front:
          'A 7-day rolling count is a time-window aggregate; computing it the same way offline and online avoids ==…==.',
        back: 'training-serving skew',
        file: 'Feature notes.md',
        group: 'deforai-04:cloze:p1',
      },
      {
        front: 'Name two ways to encode a categorical feature',
        back: 'One-hot encoding\nTarget (mean) encoding',
        file: 'Feature notes.md',
      },
    ],
  }),
];

/** A deck and its cards as a deck sync stores them: every card New, due `now`. */
export function recordsOf(deck: Deck, now: number): { deck: DeckRecord; cards: CardRecord[] } {
  const { cards, ...meta } = deck;
  return {
    deck: {
      ...meta,
      hash: `fixture-${deck.id}`,
      imported: false,
      retired: false,
      cardCount: cards.length,
      syncedAt: now,
    },
    cards: cards.map((c) => ({
      id: c.id,
      deckId: deck.id,
      course: deck.course,
      chapter: deck.chapter,
      kind: c.kind,
      front: c.front,
      back: c.back,
      section: c.section,
      position: c.position,
      group: c.group,
      source: c.source,
      selfGraded: c.selfGraded ?? false,
      memory: newMemoryState(now),
      suspended: false,
      buriedUntil: 0,
      retired: false,
      leech: false,
      version: 1,
    })),
  };
}
