// tsc emits only JavaScript; SQL files and web assets travel next to the code that reads them.
import { cpSync } from 'node:fs';

cpSync('src', 'dist', { recursive: true, filter: (source) => !source.endsWith('.ts') });
