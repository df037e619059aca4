/**
 * `npm start` (`node dist/main.js` after `npm run build`): opens the app and
 * runs the service. All wiring lives in the composition root, `src/app/`.
 */
import { pathToFileURL } from 'node:url';
import { openApp, runService } from './app/index.js';
import { parseRole, roleFromArgv } from './app/index.js';

export { openApp } from './app/index.js';

const isEntry = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  try {
    // `npm start -- --role gather` wins over ROLE.
    const role = roleFromArgv(process.argv.slice(2));
    if (role !== undefined) parseRole(role);
    await runService(await openApp({ exclusive: true, ...(role ? { env: { ROLE: role } } : {}) }));
  } catch (err) {
    // startService has already stopped whatever had started; say why and
    // leave with a failure code rather than linger with half a service.
    process.stderr.write(`hanoi-digest: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof Error && err.cause instanceof Error && err.cause.stack)
      process.stderr.write(`${err.cause.stack}\n`);
    process.exit(1);
  }
}
