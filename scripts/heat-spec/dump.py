#!/usr/bin/python3
"""Dump every resource type registered in OpenStack Heat into heatstack's resource-type spec (JSON).

Development time only: run it where Debian's python3-heat is installed (Heat 19 gives the committed spec),
with the system interpreter, which is the one that can import Heat:

    /usr/bin/python3 scripts/heat-spec/dump.py > spec/heat-resource-types.json

The output is deterministic (sorted keys, no addresses or timestamps), so regenerating with the same Heat gives the
same bytes. The Docker types are not here: they are not registered in Heat (they were a contrib plugin), and
heatstack's own schema (src/template/resource-types/docker-container.ts) defines them. See docs/heat-spec.md for
the format.
"""

import json
import sys
import warnings

SPEC_FORMAT = 1


def support_status(status):
    """A SupportStatus as a plain dict, with its chain of previous statuses (oldest last)."""
    if status is None:
        return None
    out = {'status': status.status}
    if status.version is not None:
        out['version'] = str(status.version)
    if status.message:
        out['message'] = str(status.message)
    if status.previous_status is not None:
        out['previous'] = support_status(status.previous_status)
    return out


def constraint(c):
    """One constraint of a property schema, in Heat's own spelling: a Constraint is a mapping of its name
    (range, length, allowed_values, allowed_pattern, custom_constraint, modulo) and its description."""
    # A translated description is a lazy message object; its text is what Heat prints.
    return {k: (str(v) if k == 'description' else json_value(v)) for k, v in c.items()}


def json_value(value):
    """A schema default as JSON: Heat's defaults are plain data, but a few are tuples or lazy messages."""
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def property_schema(schema):
    """A properties.Schema, recursively: type, required, default, description, update rules, constraints."""
    # Heat's own dict form of a schema spells the type in lower case (string, integer, map, list, boolean, number).
    out = {'type': schema.type.lower(), 'required': bool(schema.required)}
    if schema.description:
        out['description'] = str(schema.description)
    if schema.default is not None:
        out['default'] = json_value(schema.default)
    if schema.update_allowed:
        out['update_allowed'] = True
    if getattr(schema, 'immutable', False):
        out['immutable'] = True
    if not getattr(schema, 'implemented', True):
        # Declared but refused by Heat when used ("... is not implemented yet").
        out['implemented'] = False
    if schema.constraints:
        out['constraints'] = [constraint(c) for c in schema.constraints]
    status = support_status(getattr(schema, 'support_status', None))
    if status and status != {'status': 'SUPPORTED'}:
        out['support_status'] = status
    nested = schema.schema
    if nested is not None:
        # A map's fields by name; a list's items under the one key '*' (Heat's AnyIndexDict).
        out['schema'] = {k: property_schema(nested[k]) for k in sorted(nested)}
    return out


def attribute_schema(schema):
    out = {}
    if schema.type:
        out['type'] = schema.type.lower()
    if schema.description:
        out['description'] = str(schema.description)
    status = support_status(getattr(schema, 'support_status', None))
    if status and status != {'status': 'SUPPORTED'}:
        out['support_status'] = status
    return out


def resource_type(cls):
    """A type as Heat's resource_schema API shows it (engine/service.py), hidden properties and attributes kept
    with their status: Heat still accepts them in templates, the generator leaves them out."""
    from heat.engine import attributes, properties
    props = {k: property_schema(properties.Schema.from_legacy(v)) for k, v in cls.properties_schema.items()}
    attrs = {**cls.attributes_schema, **cls.base_attributes_schema}
    update_policy = {k: property_schema(properties.Schema.from_legacy(v))
                     for k, v in sorted(getattr(cls, 'update_policy_schema', {}).items())}
    out = {
        'support_status': support_status(cls.support_status),
        'description': cls.getdoc(),
        'properties': dict(sorted(props.items())),
        'attributes': {k: attribute_schema(attributes.Schema.from_attribute(attrs[k])) for k in sorted(attrs)},
    }
    if update_policy:
        out['update_policy'] = update_policy
    from heat.engine import resource
    if cls.get_attribute is not resource.Resource.get_attribute or cls.FnGetAtt is not resource.Resource.FnGetAtt:
        # Its plugin resolves attribute names itself (a deployment's outputs, a nested stack's Outputs.X): before the
        # create Heat takes any name (Resource.node_data gives it None), so validation checks none.
        out['any_attribute'] = True
    from heat.engine.resources.openstack.heat import none_resource
    if issubclass(cls, none_resource.NoneResource):
        # OS::Heat::None, and the types Heat removed and keeps as one (OS::Designate::Domain, ...): its validate does
        # nothing, so any property and any policy passes, and every attribute is None.
        out['none_resource'] = True
    if callable(getattr(cls, 'handle_snapshot_delete', None)):
        # Only such a type takes the Snapshot deletion policy (Resource.validate_deletion_policy).
        out['snapshot_delete'] = True
    return out


def registered_types():
    """Each type of Heat's global registry and its class (templates and wildcard names left out)."""
    warnings.simplefilter('ignore')
    from oslo_config import cfg
    cfg.CONF([], project='heat')
    from heat.engine import resources
    from heat.engine import environment

    resources.initialise()
    registry = resources.global_env().registry
    for name, info in registry._registry.items():
        if not isinstance(info, environment.ClassResourceInfo) or '*' in name:
            continue
        yield name, info.get_class_to_instantiate()


def write_spec(section, entries):
    """The spec file on standard output: its format, Heat's version, and the section's entries by type name."""
    import heat.version
    spec = {
        'format': SPEC_FORMAT,
        'heat_version': heat.version.version_info.version_string(),
        section: dict(sorted(entries.items())),
    }
    json.dump(spec, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write('\n')


def main():
    write_spec('resource_types', {name: resource_type(cls) for name, cls in registered_types()})


if __name__ == '__main__':
    main()
