import type { SubmitFunction } from "@sveltejs/kit";
import { tick } from "svelte";

/**
 * `use:enhance` for the console's forms. Their fields set only defaults (`defaultValue`,
 * `defaultChecked`, an option's `selected`), which hydration leaves alone, so what was typed
 * before the scripts ran is kept. A field typed into no longer follows its default, so after a
 * save the form is reset once the saved data is on the page: it then shows what was stored.
 * A refused save leaves the fields as typed, beside their errors.
 */
export const keepTyped: SubmitFunction =
  () =>
  async ({ update, result, formElement }) => {
    await update({ reset: false });
    if (result.type === "success") {
      await tick();
      formElement.reset();
    }
  };

/**
 * A list form's field helpers: the error of row `i`'s field `f` (from the `list[i].f` paths the
 * server answers), the field's element id, and the id of its error text for aria-describedby.
 */
export function rowFields(errors: () => Record<string, string> | undefined, list: string, idPrefix: string) {
  const err = (i: number, f: string) => errors()?.[`${list}[${i}].${f}`];
  const id = (i: number, f: string) => `${idPrefix}${i}-${f}`;
  const described = (i: number, f: string) => (err(i, f) ? `${id(i, f)}-error` : undefined);
  return { err, id, described };
}
