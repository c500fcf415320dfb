/** Runs one statement on the engine's SQLite and answers its rows; Storage counts the rows it writes. */
export type SqlRun = <T extends Record<string, SqlStorageValue>>(query: string, ...params: SqlStorageValue[]) => T[];
