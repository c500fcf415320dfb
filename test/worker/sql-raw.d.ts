/** SQL files imported as text (Vite's `?raw`), as the tests run them. */
declare module "*.sql?raw" {
  const text: string;
  export default text;
}
