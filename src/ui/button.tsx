import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'again' | 'hard' | 'good' | 'easy';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  /** Large touch target (answer buttons, "Show answer"). */
  large?: boolean;
  children: ReactNode;
};

/** A native button (keyboard and screen readers for free) with the app's look. */
export function Button({
  variant = 'secondary',
  large = false,
  className,
  type = 'button',
  children,
  ...rest
}: ButtonProps) {
  const classes = ['button', `button--${variant}`, large ? 'button--large' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type} className={classes} {...rest}>
      {children}
    </button>
  );
}
