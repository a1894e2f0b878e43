import fc from 'fast-check';
import { App, Construct, DockerContainer, Output, Parameter, Stack } from 'heatstack';
import { describe, expect, test } from 'vitest';

class WordpressSite extends Construct {
  readonly db: DockerContainer;
  readonly blog: DockerContainer;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.db = new DockerContainer(this, 'Database', { image: 'mysql' });
    this.blog = new DockerContainer(this, 'Blog', { image: 'wp', env: [`DB=${this.db.networkIp}`] });
  }
}

describe('the construct tree', () => {
  test('every node has a path; top-level elements keep their id as logical id', () => {
    const app = new App();
    const stack = new Stack(app, 'BlogStack');
    const blog = new DockerContainer(stack, 'Blog', { image: 'wp' });
    expect(blog.node.path).toBe('BlogStack/Blog');
    expect(blog.logicalId).toBe('Blog');
    expect(Object.keys(app.synth()[0]!.template.resources)).toEqual(['Blog']);
  });

  test('ids must be unique among siblings', () => {
    const stack = new Stack(new App(), 'S');
    new DockerContainer(stack, 'Blog', { image: 'wp' });
    expect(() => new DockerContainer(stack, 'Blog', { image: 'wp' })).toThrow(
      /There is already a Construct with name 'Blog'/,
    );
  });

  test('nested constructs get readable, stable, hashed logical ids', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'S');
    // WHEN
    const site = new WordpressSite(stack, 'Site');
    const other = new WordpressSite(stack, 'Other');
    // THEN
    expect(site.db.logicalId).toMatch(/^SiteDatabase[0-9A-F]{8}$/);
    expect(site.db.logicalId).not.toBe(other.db.logicalId);
    // the same path gives the same id in another app
    const again = new WordpressSite(new Stack(new App(), 'S'), 'Site');
    expect(again.db.logicalId).toBe(site.db.logicalId);
    // references use the logical ids
    const blog = app.synth()[0]!.template.resources[site.blog.logicalId]!;
    expect(JSON.stringify(blog.properties)).toContain(site.db.logicalId);
  });

  test('squashed paths that read the same still get different ids', () => {
    const stack = new Stack(new App(), 'S');
    const a = new DockerContainer(new Construct(stack, 'my-site'), 'Db', { image: 'x' });
    const b = new DockerContainer(new Construct(stack, 'mySite'), 'Db', { image: 'x' });
    expect(a.logicalId.slice(0, -8)).toBe(b.logicalId.slice(0, -8));
    expect(a.logicalId).not.toBe(b.logicalId);
  });

  test('an id can be overridden', () => {
    const app = new App();
    const site = new WordpressSite(new Stack(app, 'S'), 'Site');
    site.db.overrideLogicalId('Database');
    expect(Object.keys(app.synth()[0]!.template.resources)).toContain('Database');
  });

  test('an app holds several stacks, each its own template', () => {
    const app = new App();
    new DockerContainer(new Stack(app, 'One'), 'A', { image: 'a' });
    new DockerContainer(new Stack(app, 'Two'), 'B', { image: 'b' });
    const out = app.synth();
    expect(out.map((s) => s.stackName)).toEqual(['One', 'Two']);
    expect(Object.keys(out[1]!.template.resources)).toEqual(['B']);
  });

  test('a stack must be created in an App, and an element in a stack', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    expect(() => new Stack(stack, 'Inner')).toThrow(
      /Stack 'Inner' must be created directly in an App \(its scope is 'S'\)/,
    );
    expect(() => new DockerContainer(new Construct(app, 'Loose'), 'C', { image: 'x' })).toThrow(
      /Loose\/C is not inside a Stack/,
    );
  });

  test('a parameter and a resource cannot share a name', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    new Parameter(stack, 'Blog');
    new DockerContainer(new Construct(stack, 'X'), 'Y', { image: 'x' }).overrideLogicalId('Blog');
    expect(() => app.synth()).toThrow(/S\/X\/Y: its logical id 'Blog' is already used by S\/Blog/);
  });

  test('a deep nesting of constructs synthesizes without exhausting the call stack', () => {
    const app = new App();
    let scope: Construct = new Stack(app, 'S');
    for (let i = 0; i < 2000; i++) scope = new Construct(scope, `L${i}`);
    const c = new DockerContainer(scope, 'C', { image: 'x' });
    new Output(app.node.findChild('S') as Stack, 'Ip', { value: c.networkIp });
    expect(Object.keys(app.synth()[0]!.template.resources)).toEqual([c.logicalId]);
  });

  test('any tree of constructs gets unique logical ids, stable across apps', () => {
    const id = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,6}$/);
    // paths below the stack, as lists of ids; the last id names the container
    const paths = fc.uniqueArray(fc.array(id, { minLength: 1, maxLength: 4 }), {
      maxLength: 12,
      selector: (p) => p.join('/'),
    });
    fc.assert(
      fc.property(paths, (ps) => {
        const build = () => {
          const stack = new Stack(new App(), 'S');
          const ids: string[] = [];
          for (const p of ps) {
            let scope: Construct = stack;
            for (const part of p.slice(0, -1))
              scope = (scope.node.tryFindChild(part) as Construct) ?? new Construct(scope, part);
            if (scope.node.tryFindChild(p.at(-1)!) !== undefined) continue; // a prefix of another path
            ids.push(new DockerContainer(scope, p.at(-1)!, { image: 'x' }).logicalId);
          }
          return ids;
        };
        const ids = build();
        expect(new Set(ids).size).toBe(ids.length);
        expect(build()).toEqual(ids);
      }),
      { numRuns: 200 },
    );
  });
});
