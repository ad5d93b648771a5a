/** Domain errors the API maps to HTTP answers; anything else is a bug. */
export class NotFoundError extends Error {
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`);
  }
}

export class ConflictError extends Error {
  constructor(
    message: string,
    readonly currentState?: string,
  ) {
    super(message);
  }
}

export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
