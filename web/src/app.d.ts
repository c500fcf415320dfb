declare global {
  namespace App {
    interface Platform {
      env: { API: Fetcher; ASSETS: Fetcher };
      ctx: ExecutionContext;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}
export {};
