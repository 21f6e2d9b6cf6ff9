import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';

/** Debian's Chromium, as `.ci/run` installs it. */
const CHROMIUM = '/usr/bin/chromium';
const HOW_TO_INSTALL = 'install it with: sudo apt-get install -y chromium';

/**
 * No sandbox (CI runs as root, where Chromium's sandbox cannot start), no GPU, and none of the browser's own traffic
 * (updates, sync, safe browsing): the only requests are the page's.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long a page may take to show what it was asked for, on a machine busy with the other suites. */
export const SHOWN_MS = 15_000;

/** The timeout of a browser test: a page loads megabytes of script, and a test drives it through several steps. */
export const PAGE_TEST_MS = 60_000;

/** Small enough for the README's screenshots, wide enough for both pages' layouts. */
const VIEWPORT = { width: 1000, height: 700 };

/** Where a failed test's screenshot goes (ignored by git). */
const TEST_RESULTS = 'test-results';

/** With README_SCREENSHOTS=1, the tests also write the README's pictures of the pages here. */
const README_IMAGES = 'docs/images';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the browser suites run. With CI=true a missing Chromium fails the run; elsewhere the suites skip with one
 * line saying how to install it.
 */
export const chromiumAvailable: boolean = isExecutable(CHROMIUM);
if (!chromiumAvailable) {
  const message = `Chromium is not installed at ${CHROMIUM}; ${HOW_TO_INSTALL}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`Skipping the browser suites. ${message}`);
}

/**
 * A page of the service in a fresh browser context whose network reaches the service's origin only: any other
 * request, WebSocket included, is refused and recorded, so a page that needs a CDN fails its test.
 */
export class ServicePage {
  /** What the page asked of any other origin. */
  readonly foreignRequests: string[] = [];
  /** Console errors and uncaught exceptions of the page. */
  readonly consoleErrors: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    readonly origin: string,
  ) {}

  static async open(browser: Browser, origin: string): Promise<ServicePage> {
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    const page = await context.newPage();
    const servicePage = new ServicePage(context, page, origin);
    await context.route(
      (url) => url.origin !== origin,
      (route) => {
        servicePage.foreignRequests.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    await context.routeWebSocket(
      (url) => url.host !== new URL(origin).host,
      (socket) => {
        servicePage.foreignRequests.push(socket.url());
        return socket.close();
      },
    );
    page.on('console', (message) => {
      if (message.type() === 'error') servicePage.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => servicePage.consoleErrors.push(error.message));
    return servicePage;
  }

  /** Opens `path` of the service. */
  async goto(path: string): Promise<void> {
    const response = await this.page.goto(new URL(path, this.origin).href);
    if (response?.status() !== 200) throw new Error(`GET ${path} answered ${response?.status()}`);
  }

  /** With README_SCREENSHOTS=1, saves the page as it is now as docs/images/<name>.png, the README's picture of it. */
  async illustrate(name: string): Promise<void> {
    if (process.env.README_SCREENSHOTS !== '1') return;
    mkdirSync(README_IMAGES, { recursive: true });
    await this.page.screenshot({ path: join(README_IMAGES, `${name}.png`) });
  }

  /** Saves a screenshot under test-results/ when the test failed, then closes the context. */
  async close(test: TestContext): Promise<void> {
    if (test.task.result?.state === 'fail') {
      const folder = join(TEST_RESULTS, test.task.file.name.replace(/[^\w.-]+/g, '-'));
      mkdirSync(folder, { recursive: true });
      const name = test.task.name.replace(/[^\w.-]+/g, '-');
      await this.page.screenshot({ path: join(folder, `${name}.png`), fullPage: true }).catch(() => undefined);
    }
    await this.context.close();
  }
}

/**
 * Chromium for the tests of one suite: launched once before them with a fresh profile, closed after them; each test
 * gets its own page of the service at `origin()`, screenshotted on failure and closed after the test.
 */
export function chromiumPages(origin: () => string): () => Promise<ServicePage> {
  let browser: Browser | undefined;
  let current: ServicePage | undefined;
  beforeAll(async () => {
    // No user data folder: Playwright gives each launch a new, empty profile of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterEach(async (test) => {
    await current?.close(test);
    current = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return async () => {
    if (!browser) throw new Error('Chromium did not start');
    current = await ServicePage.open(browser, origin());
    return current;
  };
}
