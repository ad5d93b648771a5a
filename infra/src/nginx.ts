import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePortFree, waitFor } from './ports';
import { stopChild } from './temporal';

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx in front of the API instances (and the console they serve), on loopback, with a prefix of its own
 * under the data folder. A request that finds an instance gone (connection refused, reset before an answer) is
 * passed to the next one; POSTs too, because every write Duban takes is keyed (Idempotency-Key) or is refused twice.
 */
export async function startNginx(options: { dir: string; port: number; upstreams: string[] }): Promise<RunningNginx> {
  await requirePortFree(options.port, 'nginx', 'API_PORT');
  const nginx = ['/usr/sbin/nginx', 'nginx'].find((bin) => spawnSync(bin, ['-v'], { stdio: 'ignore' }).status === 0);
  if (!nginx) throw new Error('nginx is not installed; the cluster profile needs it: apt-get install nginx-light (or nginx)');
  for (const sub of ['logs', 'temp']) mkdirSync(join(options.dir, sub), { recursive: true });
  const temp = join(options.dir, 'temp');
  const conf = `# Written by infra/src/nginx.ts for this run.
worker_processes 1;
pid ${join(options.dir, 'nginx.pid')};
error_log ${join(options.dir, 'logs/error.log')} warn;
events { worker_connections 1024; }
http {
  access_log ${join(options.dir, 'logs/access.log')};
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  client_max_body_size 20m;
  upstream duban_api {
${options.upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${options.port};
    location / {
      proxy_pass http://duban_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
    }
  }
}
`;
  const confFile = join(options.dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const test = spawnSync(nginx, ['-t', '-p', options.dir, '-c', confFile], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx refuses its config: ${test.stderr.trim()}`);
  const log = openSync(join(options.dir, 'logs/nginx.out'), 'a');
  const child = spawn(nginx, ['-p', options.dir, '-c', confFile, '-g', 'daemon off;'], { stdio: ['ignore', log, log] });
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(
    'nginx',
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited at start; see ${join(options.dir, 'logs/error.log')}`);
      await fetch(url);
      return true;
    },
    20_000,
    200,
  );
  return {
    url,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      // SIGQUIT: nginx's graceful stop (finishes the requests in flight).
      await new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        const timer = setTimeout(() => void stopChild(child, 1).then(resolveStop), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.kill('SIGQUIT');
      });
    },
  };
}
