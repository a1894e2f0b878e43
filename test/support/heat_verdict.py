"""Heat 19's verdict on templates, for heatstack's comparison tests (test/support/heat.ts runs it).

Reads a JSON list of template texts on stdin and prints a JSON list of {"valid": bool, "error": str}: each
template parsed by Heat's own loader and validated as `openstack stack create --dry-run` validates it
(Stack.validate), offline. What needs an OpenStack cloud is accepted, as heatstack accepts it offline: custom
constraints that look a name up in a service (nova.flavor, glance.image, ...; those Heat checks offline, such as
ip_addr or iso_8601, are checked), the services' availability, and a server's look-up of its image and flavor.
Both Docker types are registered as heat_docker_types.py declares them. A group's nested stack (ResourceGroup, AutoScalingGroup) is not
validated: Heat does that through its engine's RPC, which a probe without a running engine cannot reach.
"""

import json
import logging
import sys
import warnings

warnings.simplefilter('ignore')
logging.disable(logging.CRITICAL)

from oslo_config import cfg  # noqa: E402

cfg.CONF([], project='heat')

from heat.common import context, template_format  # noqa: E402
from heat.engine import constraints, environment, resource, resources  # noqa: E402
from heat.engine.constraint import common_constraints  # noqa: E402
from heat.engine.resources import stack_resource  # noqa: E402
from heat.engine.resources.openstack.nova import server  # noqa: E402
from heat.engine import stack as parser  # noqa: E402
from heat.engine import template as tmpl  # noqa: E402

import heat_docker_types  # noqa: E402

resources.initialise()
heat_docker_types.register()
_check_custom = constraints.CustomConstraint.validate


def _offline_only(self, value, schema=None, context=None):
    # An unknown name still fails (Heat's own error); a known one that asks a service passes.
    found = resources.global_env().get_constraint(self.name)
    if found is not None and found.__module__ != common_constraints.__name__:
        return True
    return _check_custom(self, value, schema, context)


constraints.CustomConstraint.validate = _offline_only
resource.Resource.is_service_available = classmethod(lambda cls, ctx: (True, None))
server.Server._validate_image_flavor = lambda self, image, flavor: None


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


for _cls in [stack_resource.StackResource, *_subclasses(stack_resource.StackResource)]:
    if 'validate_nested_stack' in vars(_cls):
        _cls.validate_nested_stack = lambda self: None


def verdict(case):
    # A case is a template text, or {"template": text, "parameters": {name: value}} (values as a user gives them).
    text, values = (case, {}) if isinstance(case, str) else (case['template'], case.get('parameters', {}))
    try:
        parsed = template_format.parse(text)
        ctx = context.RequestContext(user_id='heatstack', project_id='heatstack', is_admin=False)
        env = environment.Environment({'parameters': values})
        stack = parser.Stack(ctx, 'probe', tmpl.Template(parsed, env=env))
        stack.validate()
        return {'valid': True}
    except Exception as e:  # Heat's verdict is whatever it raises
        return {'valid': False, 'error': '%s: %s' % (type(e).__name__, e)}


print(json.dumps([verdict(t) for t in json.load(sys.stdin)]))
