"""Writes the Heat templates python3-heat ships into a folder, one file each, for `run.ts` (heatstack import's share
of real-world templates: README, "Migrating a Heat template").

The template files under heat/ (tests/templates/*), and every string literal of Heat's test modules that is a
template of either dialect (it parses as a YAML map with a version key and a resources section). Run with Debian's
python (it has Heat and PyYAML): /usr/bin/python3 scripts/import-corpus/extract.py OUT_DIR

With a second folder, the templates under it instead (its .yaml, .yml, .template and .json files), such as a checkout
of OpenStack's heat-templates: extract.py OUT_DIR heat-templates/
"""
import ast
import os
import sys

import yaml

ROOT = os.path.dirname(__import__('heat').__file__)
VERSION_KEYS = ('heat_template_version', 'HeatTemplateFormatVersion', 'AWSTemplateFormatVersion')


def is_template(text):
    try:
        data = yaml.safe_load(text)
    except Exception:
        return False
    return (isinstance(data, dict) and any(k in data for k in VERSION_KEYS)
            and isinstance(data.get('resources', data.get('Resources')), dict))


def main(out, root=ROOT):
    os.makedirs(out, exist_ok=True)
    seen = set()
    count = 0
    # Heat's own: the extensions its tests use (the figures in the README are of these).
    extensions = ('.yaml', '.template') if root == ROOT else ('.yaml', '.yml', '.template', '.json')
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, '_')
            texts = []
            if name.endswith(extensions):
                with open(path, encoding='utf-8') as f:
                    texts.append((rel, f.read()))
            elif name.endswith('.py'):
                with open(path, encoding='utf-8') as f:
                    tree = ast.parse(f.read())
                for node in ast.walk(tree):
                    if isinstance(node, ast.Constant) and isinstance(node.value, str):
                        texts.append(('%s-%d' % (rel[:-3], node.lineno), node.value))
            for label, text in texts:
                if text in seen or not is_template(text):
                    continue
                seen.add(text)
                count += 1
                ext = '.json' if text.lstrip().startswith('{') else '.yaml'
                with open(os.path.join(out, label + ext), 'w', encoding='utf-8') as f:
                    f.write(text)
    print('%d templates written to %s' % (count, out))


if __name__ == '__main__':
    main(sys.argv[1], *sys.argv[2:3])
