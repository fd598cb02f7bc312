import type { ReactNode } from 'react';

export type StatProps = {
  label: string;
  value: ReactNode;
};

/** One labelled figure ("Streak · 4 days") in a definition-list pair; wrap several in `<dl className="stats">`. */
export function Stat({ label, value }: StatProps) {
  return (
    <div className="stat">
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value">{value}</dd>
    </div>
  );
}
