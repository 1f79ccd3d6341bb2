// End-to-end test of the web demo: the built pages (dist-web/, from `pnpm build`) served by a tiny static server with
// the cross-origin isolation headers and run in Debian's Chromium through playwright-core; the page says why one vmaps
// a model and offers the builders as a choice; the story computes in the page's worker on the WebAssembly kernels and
// their helper threads, and every step must behave as expected; the training page fetches the MNIST digits and runs
// the short training stories; on a page's main thread @bn/tensor runs the WebAssembly kernels without helpers (what
// its README says). Leaves full-page screenshots in test-results/ (demo-page.png, train-page.png).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listModels } from '@bn/models';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TRAINING_LEAD, TRAINING_STORIES, WHY_VMAP } from '../src/story/motivation.js';
import { STEPS } from '../src/story/steps/index.js';
import { CROSS_ORIGIN_ISOLATION } from '../vite.config.js';

const CHROMIUM = '/usr/bin/chromium';
const DIST_WEB = fileURLToPath(new URL('../dist-web/', import.meta.url));
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const STEP_COUNT = STEPS.length;
/** @bn/tensor's build, served beside the pages so a test can import it on a page's main thread. */
const TENSOR_DIST = fileURLToPath(new URL('../node_modules/@bn/tensor/dist/', import.meta.url));
/** Small (the CI machine has 2 cores): B=2 groups of N=4 images of 32x32. */
const SMALL = '?batch=2&group=4&size=32';
const TIMEOUT = 180_000;
/** The training stories the page runs in the test, at small sizes (all but ResNet-18, the longest). */
const TRAIN_STORIES = ['per-sample', 'dp-sgd', 'named-axis', 'ensemble'];
const TRAIN_SMALL = `?stories=${TRAIN_STORIES.join(',')}&samples=4&train=64&test=100&batch=16&members=2`;
/** The set-up may first install Chromium with apt-get (a download of a few hundred MB). */
const SETUP_TIMEOUT = 900_000;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Installs Debian's chromium with apt-get (as root, or through `sudo -n`) unless it is there already. */
function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const how = [...asRoot, 'apt-get install -y chromium'].join(' ');
  try {
    for (const command of [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'chromium'],
    ]) {
      const [program, ...args] = [...asRoot, 'env', 'DEBIAN_FRONTEND=noninteractive', ...command];
      execFileSync(program!, args, { stdio: 'inherit', timeout: 600_000 });
    }
  } catch (e) {
    throw new Error(
      `the e2e test needs Chromium at ${CHROMIUM}; installing it with '${how}' failed ` +
        `(${e instanceof Error ? e.message : String(e)}). Install it as root and run the tests again.`,
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

/**
 * Serves each directory of `mounts` under its path prefix ('/' for the rest) on a free port of 127.0.0.1 (GET only,
 * a path ending in '/' is index.html, nothing outside the directory), with the headers that make the page
 * cross-origin isolated, as Vite's servers send them.
 */
async function serveStatic(mounts: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    try {
      const prefix = Object.keys(mounts)
        .filter((p) => pathname.startsWith(p))
        .reduce((a, b) => (b.length > a.length ? b : a), '/');
      const root = mounts[prefix]!;
      const inside = root.endsWith(sep) ? root : root + sep;
      const file = normalize(
        join(
          root,
          decodeURIComponent(pathname.slice(prefix.length)),
          pathname.endsWith('/') ? 'index.html' : '',
        ),
      );
      if (!file.startsWith(inside)) throw new Error(`${pathname} is outside ${root}`);
      const body = await readFile(file);
      const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream';
      response
        .writeHead(200, { ...CROSS_ORIGIN_ISOLATION, 'content-type': type, 'content-length': body.length })
        .end(body);
    } catch {
      response
        .writeHead(404, { ...CROSS_ORIGIN_ISOLATION, 'content-type': 'text/plain' })
        .end(`not found: ${pathname}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Opens `path` in a new page that records every console error and uncaught page error in `errors`. */
async function open(browser: Browser, path: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.stack ?? error.message}`));
  // the longest task of the page's main thread (the Long Tasks API reports those over 50 ms)
  await page.addInitScript(() => {
    const probe = window as unknown as { longestTask: number };
    probe.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) probe.longestTask = Math.max(probe.longestTask, task.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(path);
  return page;
}

describe('the web demo in Chromium', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    if (!existsSync(join(DIST_WEB, 'index.html'))) {
      throw new Error(
        `${DIST_WEB}index.html is missing: run \`pnpm build\` (it builds the page with Vite) first`,
      );
    }
    ensureChromium();
    ({ server, url: baseUrl } = await serveStatic({ '/': DIST_WEB, '/tensor/': TENSOR_DIST }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  }, SETUP_TIMEOUT);

  /** The page with a model that is not a builder: it lists the problem and runs nothing. */
  async function openInvalid(errors: string[]): Promise<Page> {
    const page = await open(browser!, `${baseUrl}?model=nope`, errors);
    await page.waitForSelector('body[data-state="invalid"]', { timeout: 30_000 });
    return page;
  }

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    }
  }, TIMEOUT);

  test(
    `says why one vmaps a model, offers the builders, and runs the whole story in a worker on the wasm kernels and threads: ${STEP_COUNT} steps as expected, a bar per step, the failure named`,
    async () => {
      const errors: string[] = [];
      const page = await open(browser!, `${baseUrl}${SMALL}`, errors);
      try {
        await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 150_000 });
      } finally {
        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: join(RESULTS, 'demo-page.png'), fullPage: true });
      }
      const summary = (await page.textContent('#summary')) ?? '';
      expect(await page.getAttribute('body', 'data-state'), summary).toBe('done');

      expect(await page.textContent('#why')).toBe(
        `${WHY_VMAP} ${TRAINING_LEAD} the training page (${TRAINING_STORIES}; in a terminal, pnpm demo:train).`,
      );
      expect(await page.getAttribute('#why a', 'href')).toBe('./train.html');
      const model = page.locator('select[name="model"]');
      expect(await model.locator('option').allTextContents()).toEqual(listModels());
      expect(await model.inputValue()).toBe('resnet18');

      const rows = page.locator('#steps tr[data-step]');
      expect(await rows.count()).toBe(STEP_COUNT);
      const statuses = await rows.evaluateAll((trs) =>
        trs.map((tr) => `${tr.dataset.step}: ${tr.dataset.status}`),
      );
      expect(statuses.filter((s) => !s.endsWith(': ok'))).toEqual([]);

      const failure = (await page.textContent('#steps tr[data-step="failure"]')) ?? '';
      expect(failure).toContain('Batch norm got a batched tensor as input');
      expect(failure).toContain('bn1 (BatchNorm2d)');

      // cross-origin isolated, so the story's worker shares its memory with the kernels' helper workers: the
      // WebAssembly backend ran on every core (this machine has 2)
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      const kernels = page.locator('#kernels');
      expect(await kernels.getAttribute('data-backend')).toBe('wasm');
      const threads = Number(await kernels.getAttribute('data-threads'));
      expect(threads).toBeGreaterThan(1);
      expect(await kernels.textContent()).toMatch(
        new RegExp(`^kernels: wasm \\((relaxed )?SIMD, ${threads} threads\\)$`),
      );

      expect(await page.getAttribute('body', 'data-ok')).toBe('true');
      expect(summary).toMatch(
        new RegExp(`^All ${STEP_COUNT} steps behaved as expected \\(\\d+\\.\\d\\d s\\)\\.$`),
      );
      expect(await page.locator('#chart [data-bar]').count()).toBe(STEP_COUNT);
      // the story ran in the worker: on the main thread it would be one task of many seconds
      const longestTask = await page.evaluate(
        () => (window as unknown as { longestTask: number }).longestTask,
      );
      expect(longestTask).toBeLessThan(1000);
      expect(errors).toEqual([]);
      await page.close();
    },
    TIMEOUT,
  );

  test(
    'the training page fetches the MNIST digits and runs the short stories in its worker, each check passing',
    async () => {
      const errors: string[] = [];
      const page = await open(browser!, `${baseUrl}train.html${TRAIN_SMALL}`, errors);
      try {
        await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 170_000 });
      } finally {
        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: join(RESULTS, 'train-page.png'), fullPage: true });
      }
      const summary = (await page.textContent('#summary')) ?? '';
      expect(await page.getAttribute('body', 'data-state'), summary).toBe('done');
      expect(await page.textContent('#data')).toMatch(/^\d+ training and \d+ held-out MNIST digits/);
      const cards = page.locator('section.story');
      const statuses = await cards.evaluateAll((sections) =>
        sections.map((s) => `${(s as HTMLElement).dataset.story}: ${(s as HTMLElement).dataset.status}`),
      );
      expect(statuses).toEqual(TRAIN_STORIES.map((id) => `${id}: ok`));
      const perSample = (await page.textContent('section[data-story="per-sample"]')) ?? '';
      expect(perSample).toContain('Batch norm got a batched tensor as input');
      expect(perSample).toContain('option 4: eval mode');
      expect(await page.locator('section.story .checks .failed').count()).toBe(0);
      for (const id of TRAIN_STORIES.filter((s) => s !== 'per-sample')) {
        expect(
          await page.locator(`section[data-story="${id}"] polyline[data-curve]`).count(),
          id,
        ).toBeGreaterThan(0);
      }
      const kernels = page.locator('#kernels');
      expect(await kernels.getAttribute('data-backend')).toBe('wasm');
      expect(Number(await kernels.getAttribute('data-threads'))).toBeGreaterThan(1);
      expect(summary).toMatch(new RegExp(`^All ${TRAIN_STORIES.length} stories passed their checks`));
      expect(errors).toEqual([]);
      await page.close();
    },
    TIMEOUT,
  );

  test(
    "on a page's main thread, which may not block, @bn/tensor runs its WebAssembly kernels on that thread alone",
    async () => {
      const errors: string[] = [];
      // a page whose settings cannot run: it starts no worker, so the main thread is the only one computing
      const page = await openInvalid(errors);
      // a string, so that the import reaches the browser as written (not rewritten by the test's transform)
      const seen = await page.evaluate(`(async () => {
        const t = await import('/tensor/index.js');
        const threads = await t.startThreads();
        const product = t.tensor([[1, 2], [3, 4]]).matmul(t.tensor([[1], [10]])).toArray();
        let blocks = true;
        try {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0);
        } catch {
          blocks = false;
        }
        return { isolated: crossOriginIsolated, blocks, backend: t.getBackend(), features: t.wasmFeatures(), threads, product };
      })()`);
      // cross-origin isolated (shared memory exists), but Atomics.wait throws on the main thread: no helper threads,
      // and the kernels module still compiles there, so ops run on the WebAssembly kernels, on this thread
      expect(seen).toEqual({
        isolated: true,
        blocks: false,
        backend: 'wasm',
        features: { simd: true, relaxedSimd: expect.any(Boolean), threads: false },
        threads: 1,
        product: [[21], [43]],
      });
      expect(errors).toEqual([]);
      await page.close();
    },
    TIMEOUT,
  );

  test(
    'an invalid setting in the address shows the problem and runs nothing',
    async () => {
      const errors: string[] = [];
      const page = await openInvalid(errors);
      const problems = (await page.textContent('#problems')) ?? '';
      expect(problems).toContain('model: expected one of');
      expect(problems).toContain("but got 'nope'");
      // the model is a choice of the builders; the name that came is added so the form shows it
      const model = page.locator('select[name="model"]');
      expect(await model.locator('option').allTextContents()).toEqual([...listModels(), 'nope']);
      expect(await model.inputValue()).toBe('nope');
      expect(await page.isVisible('#problems')).toBe(true);
      await page.waitForTimeout(500); // a run started by mistake would have posted its first step by now
      expect(await page.locator('tr[data-status="running"], tr[data-status="ok"]').count()).toBe(0);
      expect(page.workers()).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
    TIMEOUT,
  );
});
