import type { SubmitFunction } from "@sveltejs/kit";
import { tick } from "svelte";

/**
 * `use:enhance` for the console's forms. Their fields set only defaults (`defaultValue`,
 * `defaultChecked`, an option's `selected`), which hydration leaves alone, so what was typed
 * before the scripts ran is kept. A field typed into no longer follows its default, so after a
 * save the form is reset once the saved data is on the page: it then shows what was stored.
 * A refused save leaves the fields as typed, beside their errors.
 */
export const keepTyped: SubmitFunction = () => async ({ update, result, formElement }) => {
  await update({ reset: false });
  if (result.type === "success") {
    await tick();
    formElement.reset();
  }
};
