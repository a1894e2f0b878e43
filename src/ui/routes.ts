import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import {
  checkStackName,
  deployStack,
  destroyStack,
  diffSummary,
  formatDiff,
  HeatstackError,
  type PlanInput,
  planStack,
  readGraphSource,
  readStackInput,
  resumeStack,
  type StackInput,
  type StateStore,
  suspendStack,
  templateSvg,
} from './engine.js';
import { checkFields, type FieldProblems, generalProblem, launchForm, noProblems, STACK_FIELD } from './forms.js';
import type { LiveHub, LiveMessage } from './hub.js';
import type { EngineAction, Runner } from './runs.js';
import { MAX_UPLOAD_BYTES, type SourceRef, type Sources } from './sources.js';
import { stackDetail } from './views.js';

/**
 * The dashboard's API: the stack list and each stack (read from the state directory, hidden values masked), the
 * live stream, the launch form of a template and its checks, the preview (`planStack`, as `heatstack diff`), and
 * the actions (deploy, suspend, resume, delete), run in process by the engine.
 */

export interface RouteContext {
  readonly store: StateStore;
  readonly hub: LiveHub;
  readonly runner: Runner;
  readonly sources: Sources;
}

/** What the launch form posts: where the template is, the stack's name and the values given. */
interface LaunchBody {
  readonly source: SourceRef;
  readonly stack: string;
  readonly parameters?: Record<string, string>;
  readonly existing?: boolean;
}

/** A request body a little larger than the largest template, JSON-escaped. */
const BODY_LIMIT = MAX_UPLOAD_BYTES * 2 + 64 * 1024;

export function addRoutes(app: Hono, ctx: RouteContext): void {
  // A stack's name goes into a file name: only a name a stack can have (no `/`, no `..`) reaches the store.
  app.use('/api/stacks/:name/*', knownName);
  app.use('/api/stacks/:name', knownName);
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: (c) => c.json({ error: `the request is larger than ${BODY_LIMIT} bytes` }, 413),
    }),
  );

  app.get('/api/stacks', (c) => c.json({ dir: ctx.store.dir, stacks: ctx.hub.list() }));

  app.get('/api/stacks/:name', async (c) => {
    const record = await ctx.store.load(c.req.param('name'));
    return record ? c.json(stackDetail(record)) : noStack(c);
  });

  app.get('/api/stacks/:name/topology', async (c) => {
    const record = await ctx.store.load(c.req.param('name'));
    if (!record) return noStack(c);
    const statuses = Object.fromEntries(Object.entries(record.resources).map(([n, r]) => [n, r.status]));
    return c.body(templateSvg(record.template, statuses).svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
  });

  app.get('/api/live', (c) =>
    streamSSE(c, async (stream) => {
      const queue: LiveMessage[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = ctx.hub.subscribe((m) => {
        queue.push(m);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: '{}' });
      while (!stream.aborted) {
        const next = queue.shift();
        if (next !== undefined) await stream.writeSSE({ event: next.type, data: JSON.stringify(next) });
        else await new Promise<void>((r) => (wake = r));
      }
      unsubscribe();
    }),
  );

  app.get('/api/files', async (c) => c.json({ dir: ctx.sources.dir, files: await ctx.sources.list() }));

  app.post('/api/upload', async (c) => {
    const body = await jsonBody<{ name: string; text: string }>(c);
    if (typeof body.name !== 'string' || typeof body.text !== 'string')
      return c.json({ error: 'an upload is { name, text }' }, 400);
    return c.json({ source: { kind: 'upload', id: await ctx.sources.upload(body.name, body.text) } });
  });

  app.post('/api/form', async (c) => {
    const body = await jsonBody<{ source: SourceRef; stack?: string }>(c);
    const template = await readGraphSource(await fileOf(ctx, body.source), body.stack || undefined);
    return c.json({ form: launchForm(template), topology: templateSvg(template).svg });
  });

  app.post('/api/check', async (c) => {
    const checked = await checkLaunch(ctx, await jsonBody<LaunchBody>(c));
    return c.json({ ok: !('problems' in checked), ...('problems' in checked ? { problems: checked.problems } : {}) });
  });

  app.post('/api/preview', async (c) => {
    const checked = await checkLaunch(ctx, await jsonBody<LaunchBody>(c));
    if ('problems' in checked) return c.json({ ok: false, problems: checked.problems }, 422);
    const { input, stack } = checked;
    const result = await planStack(deployInput(stack, input), ctx.runner.engine());
    return c.json({
      ok: true,
      action: result.action,
      diff: formatDiff(result.plan, input.parameterChanges),
      summary: diffSummary(result.plan),
      warnings: input.warnings,
      ...(result.busy ? { busy: result.busy } : {}),
    });
  });

  app.post('/api/deploy', async (c) => {
    const checked = await checkLaunch(ctx, await jsonBody<LaunchBody>(c));
    if ('problems' in checked) return c.json({ ok: false, problems: checked.problems }, 422);
    const { input, stack } = checked;
    return started(c, stack, await ctx.runner.start(stack, (engine) => deployStack(deployInput(stack, input), engine)));
  });

  const actions: Record<string, (stack: string) => EngineAction> = {
    suspend: (stack) => (engine) => suspendStack(stack, engine),
    resume: (stack) => (engine) => resumeStack(stack, engine),
    delete: (stack) => (engine) => destroyStack(stack, engine),
  };
  app.post('/api/stacks/:name/:action{suspend|resume|delete}', async (c) => {
    const stack = c.req.param('name');
    const action = c.req.param('action');
    const body = await jsonBody<{ confirm?: string }>(c);
    // Every action is confirmed on the page; the server asks for the stack's name back so no stray request acts.
    if (body.confirm !== stack) return c.json({ error: `confirm the ${action} of '${stack}' by giving its name` }, 400);
    if ((await ctx.store.load(stack)) === undefined && action !== 'delete') return noStack(c);
    return started(c, stack, await ctx.runner.start(stack, (actions[action] as (s: string) => EngineAction)(stack)));
  });
}

const knownName: MiddlewareHandler = async (c, next) => {
  try {
    checkStackName(c.req.param('name') ?? '');
  } catch {
    return noStack(c);
  }
  await next();
};

function noStack(c: Context): Response {
  return c.json({ error: `no stack named '${c.req.param('name')}'` }, 404);
}

function started(c: Context, stack: string, start: Awaited<ReturnType<Runner['start']>>): Response {
  if (start.started) return c.json({ ok: true, started: true, stack }, 202);
  const { result } = start;
  return c.json(
    {
      ok: result.ok,
      started: false,
      stack,
      status: result.record.status,
      ...(result.notFound ? { notFound: true } : {}),
      ...(result.failure ? { error: result.failure.reason } : {}),
    },
    200,
  );
}

async function jsonBody<T>(c: Context): Promise<Partial<T>> {
  try {
    const body: unknown = await c.req.json();
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Partial<T>;
  } catch {
    // answered below
  }
  throw new BadRequest('the request body must be a JSON object');
}

/** A request the page should never make (its body is not what the route takes): 400. */
export class BadRequest extends HeatstackError {
  override name = 'BadRequest';
}

function fileOf(ctx: RouteContext, source: SourceRef | undefined): Promise<string> {
  return ctx.sources.fileOf(source as SourceRef, (stack) => ctx.store.load(stack));
}

/** What the engine is given for a checked launch. */
function deployInput(stack: string, input: StackInput): PlanInput {
  return {
    stackName: stack,
    stackId: input.stackId,
    template: input.source.template,
    parameters: input.parameters,
    hiddenParameters: input.source.hiddenParameters,
    source: input.source.source,
  };
}

type Checked = { readonly stack: string; readonly input: StackInput } | { readonly problems: FieldProblems };

/**
 * A launch checked as `deploy` checks it, before anything is touched: the stack's name, each value beside its
 * field, then the whole input through `readStackInput` — the template validated with those values, the parameters
 * resolved (and, with `existing`, the last deploy's values carried).
 */
async function checkLaunch(ctx: RouteContext, body: Partial<LaunchBody>): Promise<Checked> {
  const stack = typeof body.stack === 'string' ? body.stack : '';
  try {
    checkStackName(stack);
  } catch (err) {
    return { problems: { fields: { [STACK_FIELD]: [(err as Error).message] }, general: [] } };
  }
  const given = stringValues(body.parameters);
  const existing = body.existing === true;
  try {
    const file = await fileOf(ctx, body.source);
    const fields = checkFields(await readGraphSource(file, stack), given, existing);
    if (!noProblems(fields)) return { problems: fields };
    const parameter = Object.entries(given).map(([k, v]) => `${k}=${v}`);
    return { stack, input: await readStackInput(file, stack, { parameter, existing }, ctx.store) };
  } catch (err) {
    return { problems: generalProblem(err) };
  }
}

function stringValues(values: unknown): Record<string, string> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return {};
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
