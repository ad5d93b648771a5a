/** A person acting outside their rights, e.g. for a unit that is not theirs; the API answers 403. */
export class ForbiddenError extends Error {}
