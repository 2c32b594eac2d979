/**
 * Why one field of one line cannot be loaded. Parsers throw it from deep inside a field conversion and
 * turn it into a reject for the whole line, so a bad value never stops the file.
 */
export class FieldError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FieldError';
  }
}
