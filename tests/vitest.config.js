// Vitest project for the repo-level checks (packaging of every published package).
import { defineProject } from 'vitest/config';
export default defineProject({
    test: {
        name: 'repo',
        include: ['*.test.ts'],
        testTimeout: 180_000,
    },
});
//# sourceMappingURL=vitest.config.js.map