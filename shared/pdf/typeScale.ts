/** Body text size at type scale 1, in pt (screen and PDF). */
export const BODY_SIZE_PT = 9.5;
/** Below this scale the body text is under 8 pt: the editor warns before anyone prints. */
export const READABLE_SCALE = 8 / BODY_SIZE_PT;
/** The smallest type scale of the normal fit search (body about 4.75 pt). */
export const SMALLEST_SCALE = 0.5;
