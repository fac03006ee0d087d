import { setPasswordHashParams } from '../platform/auth/crypto.ts';

// Every test file: argon2id at its cheapest (256 KiB, 1 pass). Sign-in tests check behaviour, not
// the cost; crypto.test.ts and the PostgreSQL boot test check that the server hashes with the
// production parameters.
setPasswordHashParams({ algorithm: 2, memoryCost: 256, timeCost: 1, parallelism: 1 });
