import fc from 'fast-check';

// Local runs explore new random cases every time (a failure prints its seed and path to replay). CI sets
// FC_SEED so that a given commit always runs the same cases: a red build then means a change broke something.
const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') fc.configureGlobal({ seed: Number(seed) });
