"""What Heat 19 resolves a template's outputs to, for heatstack's comparison tests (test/support/heat.ts runs it).

Reads JSON lines {"template": text, "parameters": {...}} (or "environment": an environment file's text) on stdin and prints a JSON list: for each, the template
loaded and validated as a stack with those parameters (offline; no resource is created, so an attribute is null),
its functions checked, and each output's value (or its error) — or the error that refused the template.
"""

import json
import logging
import sys

logging.disable(logging.CRITICAL)

from oslo_config import cfg  # noqa: E402

cfg.CONF([], project='heat', default_config_files=[])

from heat.common import environment_format  # noqa: E402
from heat.common import template_format  # noqa: E402
from heat.engine import environment  # noqa: E402
from heat.engine import stack as parser  # noqa: E402
from heat.engine import template as tmpl  # noqa: E402
from heat.tests import utils  # noqa: E402

# The Docker plugin is not part of Heat: its types stand in as OS::Heat::None (any properties, any attribute).
REGISTRY = {'OS::Heat::Docker': 'OS::Heat::None', 'DockerInc::Docker::Container': 'OS::Heat::None'}

def run(case):
    # An environment file's text (`environment`), read as Heat reads one, gives the parameters in place of `parameters`.
    given = environment_format.parse(case['environment'])['parameters'] if 'environment' in case else case.get('parameters', {})
    env = environment.Environment({'parameters': given, 'resource_registry': REGISTRY})
    t = tmpl.Template(template_format.parse(case['template']), env=env)
    s = parser.Stack(utils.dummy_context(), 'check', t)
    s.validate()
    # A resource type that checks nothing (OS::Heat::None) has its functions checked here, as Heat checks any other's.
    for r in s.resources.values():
        r.t.validate()
    for o in s.outputs.values():
        o.validate()
    outputs = {}
    for name in s.outputs:
        try:
            outputs[name] = {'value': s.outputs[name].get_value()}
        except Exception as e:
            outputs[name] = {'error': str(e)}
    return {'version': list(t.version), 'outputs': outputs}

results = []
for line in sys.stdin:
    try:
        results.append(run(json.loads(line)))
    except Exception as e:
        results.append({'error': '%s: %s' % (type(e).__name__, e)})
print(json.dumps(results))
