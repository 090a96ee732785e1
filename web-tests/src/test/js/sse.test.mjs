// ?transport=sse: the client receives over Server-Sent Events only, and still sends and receives.

import { test } from 'node:test';
import { deliversBothWays, useBrowser } from './support.mjs';

const browser = useBrowser();

test('the SSE-forced client delivers messages both ways', async () => {
  await deliversBothWays(browser(), 'sse', 'Server-Sent Events');
});
