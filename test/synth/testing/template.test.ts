import { DockerContainer, Output, Parameter, type Stack } from 'heatstack';
import { Match, Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';

function blogStack(): Stack {
  const stack = Testing.stack('BlogStack');
  const db = new DockerContainer(stack, 'Database', { image: 'samalba/mysql' });
  const blog = new DockerContainer(stack, 'Blog', {
    image: 'samalba/wordpress',
    env: [`DB_HOSTNAME=${db.networkIp}`, 'DEBUG=1'],
  });
  new Parameter(stack, 'Password', { hidden: true, minLength: 8 });
  new Output(stack, 'BlogURL', { value: `http://${blog.networkIp}/`, description: 'Blog URL' });
  return stack;
}

describe('Template assertions', () => {
  test('resourceCountIs counts resources of a type', () => {
    const t = Template.fromStack(blogStack());
    t.resourceCountIs('OS::Heat::Docker', 2);
    expect(() => t.resourceCountIs('OS::Heat::Docker', 3)).toThrow(
      'Expected 3 resources of type OS::Heat::Docker but found 2',
    );
  });

  test('hasResourceProperties matches loosely, with matchers', () => {
    const t = Template.fromStack(blogStack());
    t.hasResourceProperties('OS::Heat::Docker', { Image: 'samalba/mysql' });
    t.hasResourceProperties('OS::Heat::Docker', {
      Image: Match.stringLikeRegexp('wordpress$'),
      Env: Match.arrayWith(['DEBUG=1']),
    });
    t.hasResourceProperties('OS::Heat::Docker', {
      Env: [{ 'Fn::Join': ['', ['DB_HOSTNAME=', { 'Fn::GetAtt': ['Database', 'NetworkIp'] }]] }, Match.anyValue()],
      Cmd: Match.absent(),
    });
  });

  test('a failed match shows the closest resource and the path of each difference', () => {
    const t = Template.fromStack(blogStack());
    let message = '';
    try {
      t.hasResourceProperties('OS::Heat::Docker', { Image: 'samalba/wordpress', Env: Match.arrayWith(['DEBUG=0']) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').slice(0, 3)).toEqual([
      'Template has 2 resources with type OS::Heat::Docker, but none match {"Image":"samalba/wordpress","Env":arrayWith(["DEBUG=0"])}.',
      'The closest is Blog:',
      expect.stringMatching(/^ {2}at \/Env: no item matching "DEBUG=0" \(pattern item 0, in order\) in \[/),
    ]);
  });

  test('a matcher inside a pattern shows as written, not as a quoted string, however deep', () => {
    const t = Template.fromStack(blogStack());
    const pattern = { Env: [Match.stringLikeRegexp('^DB_'), { a: Match.absent() }], Image: Match.anyValue() };
    expect(() => t.hasResourceProperties('OS::Heat::Docker', pattern)).toThrow(
      'but none match {"Env":[stringLikeRegexp(/^DB_/),{"a":absent()}],"Image":anyValue()}.',
    );
  });

  test('exact refuses extra keys; objectLike allows them', () => {
    const t = Template.fromStack(blogStack());
    t.hasResourceProperties('OS::Heat::Docker', Match.exact({ Image: 'samalba/mysql' }));
    expect(() => t.hasResourceProperties('OS::Heat::Docker', Match.exact({ Env: Match.anyValue() }))).toThrow(
      /at \/Image: unexpected key 'Image'/,
    );
  });

  test('hasOutput and hasParameter, in the template dialect’s spelling', () => {
    const stack = blogStack();
    const cfn = Template.fromStack(stack);
    cfn.hasOutput('BlogURL', { Description: 'Blog URL', Value: { 'Fn::Join': Match.anyValue() } });
    cfn.hasParameter('Password', { Type: 'String', NoEcho: Match.anyValue(), MinLength: 8 });
    expect(() => cfn.hasOutput('Nope', {})).toThrow('Template has no output named Nope (it has BlogURL)');
    const hot = Template.fromStack(stack, { dialect: 'hot' });
    hot.hasParameter('*', { hidden: true });
    hot.hasResourceProperties('DockerInc::Docker::Container', { image: 'samalba/mysql' });
    expect(() => hot.hasResourceProperties('OS::Heat::Docker', {})).toThrow(
      'Template has no resource of type OS::Heat::Docker (it has DockerInc::Docker::Container)',
    );
  });

  test('findResources returns matching resources by logical id', () => {
    const t = Template.fromStack(blogStack());
    expect(Object.keys(t.findResources('OS::Heat::Docker', { Image: 'samalba/mysql' }))).toEqual(['Database']);
  });

  test('a stack can be snapshot-tested as text or as data', () => {
    const stack = blogStack();
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(Template.fromStack(stack, { dialect: 'hot' }).toJSON()).toMatchSnapshot();
  });
});
