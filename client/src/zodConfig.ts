import * as z from 'zod/mini';

// Zod probes `new Function` to decide whether to compile validators; under our CSP (no
// 'unsafe-eval') the probe fails harmlessly but is reported as a violation. Say so up front.
z.config({ jitless: true });
