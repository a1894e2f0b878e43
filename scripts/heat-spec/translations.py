#!/usr/bin/python3
"""Dump Heat's property translations (a deprecated property read as its replacement) into heatstack's spec (JSON).

Development time only, like dump.py (same interpreter, same Heat 19; format in docs/heat-spec.md):

    /usr/bin/python3 scripts/heat-spec/translations.py > spec/heat-translations.json

A type's `translation_rules(props)` (heat/engine/translation.py) is a method, not a schema: it is called here on
an instance made without a stack, with no properties and a stand-in client. What it returns then is kept when it is
a REPLACE of a property by a sibling (`network` takes `network_id`'s value; in each item of `networks`, `network`
takes `uuid`'s): Heat applies those before it validates. Left out: RESOLVE (a name looked up in a cloud), the
rules a type adds only for some property values, and those with a custom value path (Mistral's task policies).
"""

from unittest import mock

from dump import registered_types, write_spec


def sibling_rules(rules):
    """Each REPLACE rule as {path, from}: the property at `path` takes the value of its sibling `from`."""
    from heat.engine import translation
    out = []
    for rule in rules:
        if rule.rule != translation.TranslationRule.REPLACE or rule.custom_value_path:
            continue
        path = list(rule.translation_path)
        if rule.value_name is not None:
            source = rule.value_name
        elif rule.value_path and list(rule.value_path[:-1]) == path[:-1]:
            source = rule.value_path[-1]
        else:
            continue
        out.append({'path': path, 'from': source})
    return out


def rules_of(cls):
    """The type's rules for a resource with no properties (the stand-ins answer what it asks a cloud)."""
    from heat.engine import properties
    resource = object.__new__(cls)
    resource.client_plugin = lambda *a, **k: mock.MagicMock()
    resource.client = lambda *a, **k: mock.MagicMock()
    resource.context = mock.MagicMock()
    resource.stack = mock.MagicMock()
    resource.t = mock.MagicMock()
    resource.name = 'resource'
    try:
        return cls.translation_rules(resource, properties.Properties(cls.properties_schema, {})) or []
    except ValueError:
        # A type whose rules need a property's value (OS::Neutron::RBACPolicy's object_type): none to dump.
        return []


def main():
    rules = {name: sibling_rules(rules_of(cls)) for name, cls in registered_types()}
    write_spec('translations', {name: r for name, r in rules.items() if r})


if __name__ == '__main__':
    main()
