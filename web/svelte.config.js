import adapter from "@sveltejs/adapter-cloudflare";

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ config: "wrangler.toml" }),
    alias: { $scoring: "../scoring" },
    // A content security policy on every page: scripts only from this origin (SvelteKit hashes its
    // own inline bootstrap), so a name that slipped through as HTML still could not run script.
    csp: {
      mode: "auto",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
      },
    },
    // The origin check on form posts (CSRF) stays on, as SvelteKit has it by default.
  },
};
