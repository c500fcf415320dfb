declare global {
  namespace App {
    interface Platform {
      /** SITE_ORIGIN: the site's public origin, e.g. https://leadboard.example.com (lib/server/origin.ts). */
      env: { API: Fetcher; ASSETS: Fetcher; SITE_ORIGIN?: string };
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
