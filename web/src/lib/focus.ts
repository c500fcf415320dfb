/** `use:focusHere`: moves the focus (and the view) to a confirmation as it appears, where the person is looking. */
export function focusHere(node: HTMLElement): void {
  if (!node.hasAttribute("tabindex")) node.tabIndex = -1;
  node.focus({ preventScroll: true });
  node.scrollIntoView({ block: "nearest" });
}
