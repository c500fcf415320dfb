/** A funnel's stages as the forms show them, "a → b → c"; forms read back commas, arrows or spaces. */
export const stagesText = (stages: readonly string[]) => stages.join(" → ");
