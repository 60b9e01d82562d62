import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyError } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../logger.ts';

export type ApiError = { error: string; message: string };

/**
 * The HTTP server every capability registers its routes on. Request and response shapes come from each route's
 * zod schemas, which also produce /api/v1/openapi.json, so the document cannot drift from the code.
 */
export async function createHttpServer(log: Logger, opts: { bodyLimit?: number; trustedProxies?: string[]; publicUrl?: string } = {}) {
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }),
    // Request logs carry method, route and status only: URLs can hold search terms customers typed.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024,
    // request.ip is the client's only when the peer is one of our proxies: anyone else could write X-Forwarded-For,
    // and the per-IP limits, login activity and unusual-login rules all read request.ip.
    trustProxy: opts.trustedProxies?.length ? opts.trustedProxies : false,
  }).withTypeProvider<ZodTypeProvider>();
  // A desk reached over https tells browsers never to try plain http again, so nobody on the network can strip TLS
  // from a later visit (sign-in cookies, status links). Set on the request's first hook: every answer carries it,
  // errors and 404s included. A plain-http desk must not send it (browsers ignore it there, and it would be a lie).
  if (opts.publicUrl && /^https:/i.test(opts.publicUrl)) {
    app.addHook('onRequest', async (_request, reply) => {
      void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: { title: 'walletdesk API', version: '1' },
      // The console's session cookie also needs the X-CSRF-Token header on POST, PUT, PATCH and DELETE.
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'wd_session' },
          // Customers of the security center (/api/v1/account); X-CSRF-Token from GET /api/v1/account/csrf too.
          account: { type: 'apiKey', in: 'cookie', name: 'wd_account' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const problems = err.validation.map((v) => {
        const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return `${where}${field ? `.${field}` : ''}: ${v.message}`;
      });
      return reply.code(400).send({ error: 'bad_request', message: problems.join('; ') } satisfies ApiError);
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    const message = status >= 500 ? 'internal error' : err.message;
    return reply.code(status).send({ error: err.code ?? 'error', message } satisfies ApiError);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  return app;
}

export type HttpServer = Awaited<ReturnType<typeof createHttpServer>>;

export function notFound(what: string): ApiError {
  return { error: 'not_found', message: `${what} not found` };
}
