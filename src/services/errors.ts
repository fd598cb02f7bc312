/** Typed failures of the use-cases, so screens can tell the learner what happened in plain words. */

/** The card changed since it was shown (another tab answered it, or a sync or undo touched it): nothing was saved. */
export class CardChangedError extends Error {
  readonly code = 'card-changed';
  constructor(
    readonly cardId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super('This card changed since it was shown (perhaps in another tab). Nothing was saved.');
    this.name = 'CardChangedError';
  }
}

export class CardNotFoundError extends Error {
  readonly code = 'card-not-found';
  constructor(readonly cardId: string) {
    super(`There is no card with id "${cardId}".`);
    this.name = 'CardNotFoundError';
  }
}

/** Settings out of range; `problems` lists each in plain words. Nothing was saved. */
export class SettingsError extends Error {
  readonly code = 'invalid-settings';
  constructor(readonly problems: string[]) {
    super(`These settings cannot be saved: ${problems.join(' ')}`);
    this.name = 'SettingsError';
  }
}

/** A deck or index file could not be fetched or is not a valid deck; the stored decks were left as they were. */
export class DeckSyncError extends Error {
  readonly code = 'deck-sync';
  constructor(message: string) {
    super(message);
    this.name = 'DeckSyncError';
  }
}
