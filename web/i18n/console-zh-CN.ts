import { consoleEn, type ConsoleResources } from './console-en.js';

/** Simplified Chinese for the console (filled in by translation; the type keeps every key present). */
export const consoleZhCN: ConsoleResources = consoleEn;
