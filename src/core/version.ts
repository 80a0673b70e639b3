/** The library's version; a node test keeps it equal to package.json's. */
export const VERSION: string = '0.1.0';
