export interface PasswordPolicy {
  minLength: number;
  /** How many of the classes lower case, upper case, digit and other a password must mix. */
  minClasses: number;
}

const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** What is wrong with a new password under the policy, as a locale key and its values, or null when it passes. */
export function passwordProblem(
  password: string,
  policy: PasswordPolicy,
): { key: 'password.tooShort' | 'password.tooFewClasses'; minLength: number; minClasses: number } | null {
  if ([...password].length < policy.minLength) return { key: 'password.tooShort', ...policy };
  if (CLASSES.filter((c) => c.test(password)).length < policy.minClasses) return { key: 'password.tooFewClasses', ...policy };
  return null;
}
