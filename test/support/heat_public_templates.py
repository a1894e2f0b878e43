"""The templates shipped with Debian's python3-heat, for heatstack's parse-equality test (heat-public-templates.test.ts).

Finds the template files of Heat's own tests and the templates embedded in its test modules (string literals that
name a template version), and prints a JSON list of {source, text, parsed} — what Heat's parser
(template_format.parse) makes of each, dates, floats, long integers and other non-JSON values tagged — or {source, text, error}.
"""
import ast
import datetime
import glob
import json
import logging
import sys

logging.disable(logging.CRITICAL)

from oslo_config import cfg  # noqa: E402

cfg.CONF([], project='heat', default_config_files=[])

from heat.common import config  # noqa: E402,F401 (registers max_template_size and the other options)
from heat.common import template_format  # noqa: E402

# Heat's own tests by default; any folders given instead (a checkout of openstack/heat-templates, say).
ROOTS = sys.argv[1:] or ['/usr/lib/python3/dist-packages/heat/tests', '/usr/lib/python3/dist-packages/heat_integrationtests']
MARKERS = ('heat_template_version', 'HeatTemplateFormatVersion', 'AWSTemplateFormatVersion')

def texts():
    for root in ROOTS:
        for path in sorted(glob.glob(root + '/**/*', recursive=True)):
            if path.endswith(('.yaml', '.yml', '.template')):
                with open(path, encoding='utf-8') as f:
                    yield path, f.read()
            elif path.endswith('.py'):
                try:
                    tree = ast.parse(open(path, encoding='utf-8').read())
                except Exception:
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(m in node.value for m in MARKERS) and '\n' in node.value:
                        yield '%s:%d' % (path, node.lineno), node.value

def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return {'$date': str(v)}
    if isinstance(v, bytes):
        return {'$bytes': v.hex()}
    if isinstance(v, float):
        return {'$float': repr(v)}
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 2**53:
        return {'$int': str(v)}
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, set):
        return {'$set': sorted(map(str, v))}
    return v

out = []
for source, text in texts():
    try:
        out.append({'source': source, 'text': text, 'parsed': plain(template_format.parse(text))})
    except Exception as e:
        out.append({'source': source, 'text': text, 'error': '%s: %s' % (type(e).__name__, e)})
json.dump(out, sys.stdout)
