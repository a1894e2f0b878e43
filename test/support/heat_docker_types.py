"""The two Docker resource types, registered in Heat 19 for heatstack's comparison tests (heat_verdict.py).

Neither plugin ships with Heat: the 2013 one (`OS::Heat::Docker`, the seed's) never did, and the merged one
(`DockerInc::Docker::Container`, Heat's contrib/heat_docker) is not packaged. These stand-ins declare what each
plugin's schema declares, as docs/heat-docker.md states it, so Heat's own property machinery gives its verdict:
types, defaults, allowed values and patterns. They create nothing; their attributes resolve to None, as any
attribute does in a stack that was only validated.
"""

from heat.engine import attributes, constraints, properties, resource, resources

S = properties.Schema

CAPABILITIES = [
    'SETPCAP', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME',
    'SYS_TTY_CONFIG', 'MKNOD', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'MAC_OVERRIDE', 'MAC_ADMIN', 'NET_ADMIN', 'SYSLOG',
    'CHOWN', 'NET_RAW', 'DAC_OVERRIDE', 'FOWNER', 'DAC_READ_SEARCH', 'FSETID', 'KILL', 'SETGID', 'SETUID',
    'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'IPC_LOCK', 'IPC_OWNER', 'SYS_CHROOT', 'SYS_PTRACE',
    'SYS_BOOT', 'LEASE', 'SETFCAP', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'ALL',
]
DEVICE_PATH = [constraints.Length(max=255), constraints.AllowedPattern('^/dev/[/_\\-a-zA-Z0-9]+$')]


def _attributes(names):
    return {name: attributes.Schema(name) for name in names}


class MergedDockerContainer(resource.Resource):
    """`DockerInc::Docker::Container`: snake_case, every property optional (`image` too)."""

    properties_schema = {
        'docker_endpoint': S(S.STRING, default=None),
        'hostname': S(S.STRING, default=''),
        'user': S(S.STRING, default=''),
        'memory': S(S.INTEGER),
        'port_specs': S(S.LIST, default=None),
        'port_bindings': S(S.MAP),
        'links': S(S.MAP),
        'name': S(S.STRING),
        'privileged': S(S.BOOLEAN, default=False),
        'tty': S(S.BOOLEAN, default=False),
        'open_stdin': S(S.BOOLEAN, default=False),
        'stdin_once': S(S.BOOLEAN, default=False),
        'env': S(S.LIST),
        'cmd': S(S.LIST, default=[]),
        'dns': S(S.LIST),
        'image': S(S.STRING),
        'volumes': S(S.MAP, default={}),
        'volumes_from': S(S.LIST, default=''),
        'restart_policy': S(S.MAP, default={}, schema={
            'Name': S(S.STRING, default='no', constraints=[constraints.AllowedValues(['no', 'on-failure', 'always'])]),
            'MaximumRetryCount': S(S.INTEGER, default=0),
        }),
        'cap_add': S(S.LIST, default=[], schema=S(S.STRING, constraints=[constraints.AllowedValues(CAPABILITIES)])),
        'cap_drop': S(S.LIST, default=[], schema=S(S.STRING, constraints=[constraints.AllowedValues(CAPABILITIES)])),
        'read_only': S(S.BOOLEAN, default=False),
        'cpu_shares': S(S.INTEGER, default=0),
        'devices': S(S.LIST, default=[], schema=S(S.MAP, schema={
            'path_on_host': S(S.STRING, required=True, constraints=DEVICE_PATH),
            'path_in_container': S(S.STRING, constraints=DEVICE_PATH),
            'permissions': S(S.STRING, default='rwm', constraints=[
                constraints.AllowedValues(['r', 'w', 'm', 'rw', 'rm', 'wm', 'rwm'])]),
        })),
        'cpu_set': S(S.STRING),
    }
    attributes_schema = _attributes([
        'info', 'network_info', 'network_ip', 'network_gateway', 'network_tcp_ports', 'network_udp_ports', 'logs',
        'logs_head', 'logs_tail'])


class SeedDockerContainer(resource.Resource):
    """`OS::Heat::Docker` (2013): PascalCase, `Image` required, `VolumesFrom` a string (one container)."""

    properties_schema = {
        'DockerEndpoint': S(S.STRING, default=None),
        'Hostname': S(S.STRING, default=''),
        'User': S(S.STRING, default=''),
        'Memory': S(S.INTEGER, default=0),
        'AttachStdin': S(S.BOOLEAN, default=False),
        'AttachStdout': S(S.BOOLEAN, default=True),
        'AttachStderr': S(S.BOOLEAN, default=True),
        'PortSpecs': S(S.LIST, default=None),
        'Privileged': S(S.BOOLEAN, default=False),
        'Tty': S(S.BOOLEAN, default=False),
        'OpenStdin': S(S.BOOLEAN, default=False),
        'StdinOnce': S(S.BOOLEAN, default=False),
        'Env': S(S.LIST, default=None),
        'Cmd': S(S.LIST, default=[]),
        'Dns': S(S.LIST, default=None),
        'Image': S(S.STRING, required=True),
        'Volumes': S(S.MAP, default={}),
        'VolumesFrom': S(S.STRING, default=''),
    }
    attributes_schema = _attributes([
        'Info', 'NetworkInfo', 'NetworkIp', 'NetworkTcpPorts', 'NetworkUdpPorts', 'Logs', 'LogsHead', 'LogsTail'])


def register():
    env = resources.global_env()
    env.register_class('DockerInc::Docker::Container', MergedDockerContainer)
    env.register_class('OS::Heat::Docker', SeedDockerContainer)
