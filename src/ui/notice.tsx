import type { ReactNode } from 'react';

export type NoticeProps = {
  tone?: 'info' | 'warning' | 'error' | 'success';
  /** Errors interrupt (role="alert"); other notices are polite status messages. */
  children: ReactNode;
};

/** A message to the learner; errors are announced at once, others politely. */
export function Notice({ tone = 'info', children }: NoticeProps) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
