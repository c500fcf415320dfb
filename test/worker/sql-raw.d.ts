/** SQL files and wrangler.toml imported as text (Vite's `?raw`), as the tests read them. */
declare module "*.sql?raw" {
  const text: string;
  export default text;
}
declare module "*.toml?raw" {
  const text: string;
  export default text;
}
