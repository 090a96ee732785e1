// ?transport=poll: the client receives over long-polling (/poll) only, and still sends and receives.

import { test } from 'node:test';
import { deliversBothWays, useBrowser } from './support.mjs';

const browser = useBrowser();

test('the long-poll-forced client delivers messages both ways', async () => {
  await deliversBothWays(browser(), 'poll', 'long-polling');
});
