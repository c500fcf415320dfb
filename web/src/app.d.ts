declare global {
  namespace App {
    interface Platform {
      env: { API: Fetcher; ASSETS: Fetcher };
      ctx: ExecutionContext;
    }
    interface Locals {
      /** Who reads each program in this request (lib/server/reader.ts). */
      readers?: Map<string, Promise<import("$lib/server/reader").Reader>>;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}
export {};
