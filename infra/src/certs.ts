import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunCertificates {
  /** The CA that signed every certificate below: clients trust the frontend with it, the frontend its clients. */
  caFile: string;
  /** The frontend's certificate, for 127.0.0.1 and `serverName`. */
  serverCert: string;
  serverKey: string;
  /** The certificate Duban's workers and API present (and Temporal's own system workers). */
  clientCert: string;
  clientKey: string;
  serverName: string;
}

const DAYS = '30';

/**
 * Makes a throwaway CA and a server and a client certificate with openssl, new for every run, into `dir` (under the
 * data folder, mode 0600 keys). Nothing here is ever committed: a real cluster gets its certificates from the
 * city's PKI (see docs/deploy.md).
 */
export function generateRunCertificates(dir: string, serverName = 'temporal.duban.internal'): RunCertificates {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path(name));

  key('ca.key');
  openssl('req', '-x509', '-new', '-key', path('ca.key'), '-sha256', '-days', DAYS, '-subj', '/CN=Duban run CA', '-out', path('ca.pem'));

  const issue = (name: string, subject: string, extensions: string) => {
    key(`${name}.key`);
    openssl('req', '-new', '-key', path(`${name}.key`), '-subj', subject, '-out', path(`${name}.csr`));
    writeFileSync(path(`${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path('ca.pem'),
      '-CAkey',
      path('ca.key'),
      '-CAcreateserial',
      '-days',
      DAYS,
      '-sha256',
      '-extfile',
      path(`${name}.ext`),
      '-out',
      path(`${name}.pem`),
    );
  };
  issue(
    'server',
    `/CN=${serverName}`,
    `subjectAltName=DNS:${serverName},DNS:localhost,IP:127.0.0.1\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n`,
  );
  issue('client', '/CN=duban-app', 'keyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n');
  // The CA's key is needed no longer: nothing else may be signed with it.
  rmSync(path('ca.key'));
  return {
    caFile: path('ca.pem'),
    serverCert: path('server.pem'),
    serverKey: path('server.key'),
    clientCert: path('client.pem'),
    clientKey: path('client.key'),
    serverName,
  };
}
