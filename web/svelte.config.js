import adapter from "@sveltejs/adapter-cloudflare";

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ config: "wrangler.toml" }),
    // The API's own modules the site shares: the error codes, and the zod schemas its types derive
    // from (type imports only, but error-codes.ts is imported at run time: it has no imports).
    alias: { $scoring: "../scoring", $errors: "../worker/error-codes.ts", $schemas: "../worker/schemas" },
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
    // SvelteKit's origin check on form posts runs before any hook, so it would answer /v1/* (the
    // API's, forwarded by hooks.server.ts) with its 403 page. The hook checks the site's routes
    // instead (src/lib/server/csrf.ts), more strictly.
    csrf: { trustedOrigins: ["*"] },
  },
};
