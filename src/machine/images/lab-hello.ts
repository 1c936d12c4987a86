// lab/hello:latest — a small image the lab builds itself (not a Docker Hub image; not in the
// default image set) to show what the base images cannot: an image of several layers that
// shares its base layer with another image. Its Dockerfile, built with the classic builder:
//
//   FROM alpine:3.19
//   RUN adduser -D -u 1000 app            # layer 2: /etc/passwd, group, shadow copied up whole
//   COPY hello.sh /usr/local/bin/hello    # layer 3: one new file
//   RUN rm /etc/motd                      # layer 4: a whiteout (character device 0/0)
//   USER app
//   WORKDIR /home/app
//   CMD ["hello"]
//
// In the store its bottom layer is alpine's very layer (same chain id, same overlay2 directory,
// which gets a `committed` file), and each upper layer has `lower`, `work` and a parent chain.
import { LayerBuilder } from './layer';
import type { ImageSpec } from './spec';
import { ALPINE_GROUP, ALPINE_HISTORY, ALPINE_LAYER, ALPINE_PASSWD, alpineShadow } from './alpine';

const CREATED = '2024-02-01T09:00:00Z';
const CREATED_SEC = 1706778000;
/** 2024-02-01 in days since the epoch (shadow's "last change"). */
const DAY = 19754;

const adduser = new LayerBuilder()
  .dir('/etc')
  .file('/etc/group', `${ALPINE_GROUP}app:x:1000:\n`)
  .file('/etc/passwd', `${ALPINE_PASSWD}app:x:1000:1000:Linux User,,,:/home/app:/bin/sh\n`)
  .file('/etc/shadow', `${alpineShadow()}app:!:${DAY}:0:99999:7:::\n`, 0o640, { gid: 42 })
  .dir('/home')
  .dir('/home/app', 0o755, { uid: 1000, gid: 1000 })
  .entries();

const HELLO = `#!/bin/sh
echo "Hello from lab/hello, running as $(whoami) in $(pwd)"
`;

const copyHello = new LayerBuilder()
  .dirs(['/usr', '/usr/local', '/usr/local/bin'])
  .script('/usr/local/bin/hello', HELLO)
  .entries();

const rmMotd = new LayerBuilder().dir('/etc').whiteout('/etc/motd').entries();

export const LAB_HELLO: ImageSpec = {
  repo: 'lab/hello',
  tag: 'latest',
  created: CREATED,
  architecture: 'amd64',
  os: 'linux',
  layers: [
    ALPINE_LAYER,
    { createdSec: CREATED_SEC - 3, entries: adduser },
    { createdSec: CREATED_SEC - 2, entries: copyHello },
    { createdSec: CREATED_SEC - 1, entries: rmMotd },
  ],
  history: [
    ...ALPINE_HISTORY,
    { created: '2024-02-01T08:59:57Z', createdBy: '/bin/sh -c adduser -D -u 1000 app' },
    { created: '2024-02-01T08:59:58Z', createdBy: '/bin/sh -c #(nop) COPY file:{diff} in /usr/local/bin/hello ' },
    { created: '2024-02-01T08:59:59Z', createdBy: '/bin/sh -c rm /etc/motd' },
    { created: CREATED, createdBy: '/bin/sh -c #(nop)  USER app', emptyLayer: true },
    { created: CREATED, createdBy: '/bin/sh -c #(nop) WORKDIR /home/app', emptyLayer: true },
    { created: CREATED, createdBy: '/bin/sh -c #(nop)  CMD ["hello"]', emptyLayer: true },
  ],
  config: {
    User: 'app',
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: ['hello'],
    WorkingDir: '/home/app',
  },
  description: 'a lab-built image FROM alpine:3.19 with three more layers (a copied-up file, a new file, a whiteout)',
};
