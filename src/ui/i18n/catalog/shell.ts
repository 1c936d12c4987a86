// Strings of the page shell (src/ui/shell): the status line and what went wrong.
import type { Catalog } from '../index';

export const shell: Catalog = {
  en: {
    'shell.status.booting': 'booting…',
    'shell.status.failed': 'machine stopped',
    'shell.status.machine.title': 'hostname, virtual CPUs, memory',
    'shell.status.machine': '{hostname} · {cpus} vCPU · {gib} GiB',
    'shell.status.clock.title': "the machine's clock (virtual time)",
    'shell.status.uptime': 'up {uptime}',
    'shell.status.days': '{d}d {hms}',
    'shell.status.loadavg': 'load average: {load}',
    'shell.status.paused': 'paused',
    'shell.status.idle': 'idle',
    'shell.status.maxSpeed': 'running at max speed',
    'shell.status.speed': 'running {speed}×',
    'shell.crash.details': 'Details',
    'shell.crash.restart': 'Restart machine',
    'shell.crash.page': 'The lab stopped working',
  },
  'zh-CN': {
    'shell.status.booting': '启动中…',
    'shell.status.failed': '机器已停止',
    'shell.status.machine.title': '主机名、虚拟 CPU 数、内存',
    'shell.status.machine': '{hostname} · {cpus} 个 vCPU · {gib} GiB',
    'shell.status.clock.title': '机器的时钟（虚拟时间）',
    'shell.status.uptime': '已运行 {uptime}',
    'shell.status.days': '{d} 天 {hms}',
    'shell.status.loadavg': '平均负载：{load}',
    'shell.status.paused': '已暂停',
    'shell.status.idle': '空闲',
    'shell.status.maxSpeed': '全速运行',
    'shell.status.speed': '以 {speed}× 速度运行',
    'shell.crash.details': '详细信息',
    'shell.crash.restart': '重启机器',
    'shell.crash.page': '实验环境停止工作了',
  },
};
