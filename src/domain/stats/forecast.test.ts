import { describe, expect, it } from 'vitest';
import { countCardsByState } from './card-counts';
import { createDayCalendar, DAY_MS } from './day-calendar';
import { cardRecord } from './fixtures';
import { dueForecast, FORECAST_DAYS } from './forecast';

process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 26, 15, 0);
const TODAY_4AM = Date.UTC(2026, 10, 26, 4);

const cards = [
  cardRecord('due-this-evening', { memory: { phase: 'review', due: Date.UTC(2026, 10, 26, 20) } }),
  // 03:00 tomorrow is still today's study day.
  cardRecord('due-at-3am', { memory: { phase: 'review', due: Date.UTC(2026, 10, 27, 3) } }),
  cardRecord('overdue', { memory: { phase: 'review', due: Date.UTC(2026, 10, 20, 9) } }),
  cardRecord('learning-step', { memory: { phase: 'learning', due: NOW + 10 * 60_000 } }),
  cardRecord('tomorrow', { memory: { phase: 'review', due: Date.UTC(2026, 10, 27, 5) } }),
  cardRecord('last-day', { memory: { phase: 'relearning', due: TODAY_4AM + 29 * DAY_MS + 1 } }),
  cardRecord('after-window', { memory: { phase: 'review', due: TODAY_4AM + 30 * DAY_MS } }),
  // Not forecast: suspended, new, retired.
  cardRecord('suspended', { suspended: true, memory: { phase: 'review', due: NOW } }),
  cardRecord('new'),
  cardRecord('retired', { retired: true, memory: { phase: 'review', due: NOW } }),
];

describe('dueForecast', () => {
  const forecast = dueForecast(cards, createDayCalendar(NOW, 4));

  it('counts today 4 (evening, 03:00 tomorrow, the overdue card and a learning step), tomorrow 1, day 29 1', () => {
    expect(forecast.days).toHaveLength(FORECAST_DAYS);
    expect(forecast.days[0]).toEqual({ day: 0, date: '2026-11-26', count: 4 });
    expect(forecast.days[1]).toEqual({ day: 1, date: '2026-11-27', count: 1 });
    expect(forecast.days[29]).toEqual({ day: 29, date: '2026-12-25', count: 1 });
    expect(forecast.days.slice(2, 29).every((d) => d.count === 0)).toBe(true);
  });

  it('reports the overdue card, the card due after the window, and a total of 6', () => {
    expect(forecast.overdue).toBe(1);
    expect(forecast.later).toBe(1);
    expect(forecast.total).toBe(6);
  });
});

describe('countCardsByState', () => {
  it('counts each card once, suspended before phase, retired not at all', () => {
    // review: evening, 3am, overdue, tomorrow, after-window = 5; learning 1; relearning 1; new 1; suspended 1.
    expect(countCardsByState(cards)).toEqual({
      new: 1,
      learning: 1,
      review: 5,
      relearning: 1,
      suspended: 1,
      total: 9,
    });
  });
});
